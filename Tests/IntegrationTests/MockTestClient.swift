import AsyncHTTPClient
import AttentiveMock
import Foundation

/// One answer from the fake, read whole.
struct MockReply {
    var status: Int
    var headers: [String: String]
    var body: JSONValue?

    var message: String? { body?["message"]?.stringValue }
}

/// Sends requests to a running fake with AsyncHTTPClient, the way the tool will.
struct MockTestClient {
    /// The API base, e.g. `http://127.0.0.1:PORT/v1`.
    let baseURL: String
    /// The inspection base, e.g. `http://127.0.0.1:PORT/_mock`.
    let inspectionURL: String
    var apiKey: String? = "test-key"

    init(baseURL: String, inspectionURL: String) {
        self.baseURL = baseURL
        self.inspectionURL = inspectionURL
    }

    init(server: RunningMockServer) {
        self.init(baseURL: server.baseURL, inspectionURL: server.inspectionURL)
    }

    /// Calls the API: `path` is below the base URL (`/attributes/custom`).
    func api(_ method: String, _ path: String, json body: String? = nil) async throws -> MockReply {
        try await send(method, baseURL + path, body: body, authorized: true)
    }

    /// Calls the API with `body` encoded from a value.
    func api(_ method: String, _ path: String, body: JSONValue) async throws -> MockReply {
        try await api(method, path, json: body.jsonText)
    }

    /// Calls an inspection endpoint: `path` is below `/_mock`.
    func inspect(_ path: String, method: String = "GET") async throws -> JSONValue? {
        try await send(method, inspectionURL + path, body: nil, authorized: false).body
    }

    /// Sends `body` to an absolute URL without auth, as to a pre-signed upload URL.
    func upload(_ body: String, to url: String) async throws -> MockReply {
        try await send("PUT", url, body: body, authorized: false)
    }

    /// `GET /_mock/stats`.
    func stats() async throws -> JSONValue {
        try await inspect("/stats") ?? .null
    }

    private func send(_ method: String, _ url: String, body: String?, authorized: Bool) async throws -> MockReply {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if authorized, let apiKey {
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(body.utf8))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let data = Data(buffer.readableBytesView)
        var headers: [String: String] = [:]
        for header in response.headers {
            headers[header.name.lowercased()] = header.value
        }
        return MockReply(
            status: Int(response.status.code),
            headers: headers,
            body: data.isEmpty ? nil : try JSONValue(parsing: data)
        )
    }
}

extension JSONValue {
    /// The number at `key` as an `Int`, for reading counters.
    func int(_ key: String) -> Int? {
        self[key]?.numberValue.map { Int($0) }
    }
}
