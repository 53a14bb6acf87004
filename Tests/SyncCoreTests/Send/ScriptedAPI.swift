import Foundation
import Synchronization
@testable import SyncCore

/// An `AttentiveAPI` that answers from a script, for unit tests of the sender: `answer` gets the
/// endpoint, the body or query, and how many requests that endpoint has had before this one.
final class ScriptedAPI: AttentiveAPI {
    struct Call: Equatable {
        var endpoint: String
        var body: String?
        var query: String?
    }

    private let answer: @Sendable (Endpoint, String?, Int) -> APIReply
    private let calls = Mutex<[Call]>([])

    init(_ answer: @escaping @Sendable (Endpoint, String?, Int) -> APIReply) {
        self.answer = answer
    }

    /// Every request in the order received.
    var received: [Call] { calls.withLock { $0 } }

    func requests(to endpoint: Endpoint) -> [Call] { received.filter { $0.endpoint == endpoint.name } }

    func send(_ endpoint: Endpoint, body: String?, query: String?) async -> APIReply {
        let before = calls.withLock { calls in
            defer { calls.append(Call(endpoint: endpoint.name, body: body, query: query)) }
            return calls.count { $0.endpoint == endpoint.name }
        }
        return answer(endpoint, body ?? query, before)
    }

    func upload(file path: String, byteCount: Int, to url: String) async -> APIReply {
        APIReply(.acknowledged(status: 200, body: ""))
    }

    /// A download is answered as a `GET` of an endpoint named `download`, its URL as the body.
    func download(from url: String) async -> APIReply {
        await send(Endpoint(name: "download", method: "GET", path: url, rateLimit: 1000), body: url, query: nil)
    }
}
