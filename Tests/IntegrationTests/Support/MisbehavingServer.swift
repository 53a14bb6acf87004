import AsyncHTTPClient
import Foundation

/// `misbehaving_server.py` on a free loopback port: a server that answers HTML, trickles its
/// answer, redirects elsewhere, or just counts what it gets. Stopped on deinit.
final class MisbehavingServer {
    enum Mode {
        case html, trickle, count
        case redirect(to: String)
    }

    let process = Process()
    /// `http://127.0.0.1:PORT/v1`.
    let baseURL: String

    init(_ mode: Mode) throws {
        let script = Executables.packageRoot.appendingPathComponent("Tests/IntegrationTests/Support/misbehaving_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = switch mode {
        case .html: ["python3", script.path, "html"]
        case .trickle: ["python3", script.path, "trickle"]
        case .count: ["python3", script.path, "count"]
        case .redirect(let target): ["python3", script.path, "redirect", target]
        }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        baseURL = try listeningURL(of: process, printedTo: out)
    }

    deinit {
        // SIGKILL: the test runner's children may inherit SIGTERM ignored.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func environment(key: String = "test-key") -> [String: String] {
        ["ATTENTIVE_API_URL": baseURL, "ATTENTIVE_API_KEY": key]
    }

    /// Requests received (`count` mode).
    func received() async throws -> Int {
        let root = String(baseURL.dropLast(3))
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: root + "/_count"), timeout: .seconds(10))
        return Int(String(buffer: try await response.body.collect(upTo: 100))) ?? -1
    }
}
