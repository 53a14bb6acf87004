import AsyncHTTPClient
import AttentiveMock
import Foundation
import NIOCore

/// attentive-mock started as a process on a free loopback port, stopped on `stop()` or deinit.
final class MockProcess {
    let process = Process()
    /// The API base URL, `http://127.0.0.1:PORT/v1`.
    let baseURL: String
    /// Where the inspection endpoints live, `http://127.0.0.1:PORT`.
    let root: String

    init(_ arguments: [String] = []) throws {
        process.executableURL = Executables.attentiveMock
        process.arguments = ["--port", "0"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        baseURL = try listeningURL(of: process, printedTo: out)
        root = baseURL.hasSuffix("/v1") ? String(baseURL.dropLast(3)) : baseURL
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// The environment for the CLI to talk to this mock.
    func environment(key: String = "test-key") -> [String: String] {
        ["ATTENTIVE_API_URL": baseURL, "ATTENTIVE_API_KEY": key]
    }

    /// GETs or POSTs an inspection endpoint and parses its JSON.
    func inspect(_ path: String, method: String = "GET", body: String? = nil, headers: [String: String] = [:]) async throws -> Any {
        var request = HTTPClientRequest(url: root + path)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        if bytes.readableBytes == 0 { return NSNull() }
        return try JSONSerialization.jsonObject(with: Data(buffer: bytes), options: [.fragmentsAllowed])
    }

    /// `/_mock/stats`.
    func stats() async throws -> MockStats {
        MockStats(json: try await inspect("/_mock/stats") as? [String: Any] ?? [:])
    }

    /// `/_mock/attributes`: user → attributes as Attentive now holds them.
    func attributes() async throws -> [String: [String: Any]] {
        try await inspect("/_mock/attributes") as? [String: [String: Any]] ?? [:]
    }
}

/// The mock's counters.
struct MockStats {
    var json: [String: Any]

    /// Requests to a documented endpoint (`POST /subscriptions`); -1 for a name the mock does not
    /// know, so that a mistyped name fails a test instead of reading as "none".
    func requests(_ endpoint: String) -> Int {
        guard EndpointRateLimits.documented[endpoint] != nil, let requests = json["requests"] as? [String: Any] else { return -1 }
        return requests[endpoint] as? Int ?? 0
    }

    /// Requests to every endpoint together.
    var totalRequests: Int { (json["requests"] as? [String: Int])?.values.reduce(0, +) ?? -1 }
    /// Answers with status `code`; -1 when the stats carry no statuses at all.
    func status(_ code: Int) -> Int {
        guard let statuses = json["statuses"] as? [String: Any] else { return -1 }
        return statuses[String(code)] as? Int ?? 0
    }
    var schemaViolations: Int { json["schemaViolations"] as? Int ?? -1 }
    var rateLimited: Int { json["rateLimited"] as? Int ?? -1 }
}

/// The `http://…` URL a server process prints on its first line once it listens.
func listeningURL(of process: Process, printedTo out: Pipe) throws -> String {
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self)
    guard let range = text.range(of: "http://[^ \n]+", options: .regularExpression) else {
        process.terminate()
        throw MockError(description: "\(process.executableURL?.lastPathComponent ?? "a server") did not say where it listens: \(text)")
    }
    return String(text[range])
}

struct MockError: Error, CustomStringConvertible {
    var description: String
}
