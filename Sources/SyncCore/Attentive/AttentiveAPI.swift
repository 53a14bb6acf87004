/// The Attentive API as the sender sees it: one request, one classified reply. `AttentiveClient`
/// speaks HTTP; tests drive the sender through a scripted implementation.
public protocol AttentiveAPI: Sendable {
    /// Sends `body` (JSON text) to `endpoint`, with `query` appended to its path.
    func send(_ endpoint: Endpoint, body: String?, query: String?) async -> APIReply
    /// `PUT`s a file to a pre-signed upload URL (no API key goes with it).
    func upload(file path: String, byteCount: Int, to url: String) async -> APIReply
    /// `GET`s a file from a pre-signed URL (a bulk job's results; no API key goes with it).
    func download(from url: String) async -> APIReply
}

extension AttentiveAPI {
    public func send(_ endpoint: Endpoint, body: String? = nil) async -> APIReply {
        await send(endpoint, body: body, query: nil)
    }
}

/// One answer: how the sender acts on it, and what the server said of the budget.
public struct APIReply: Sendable, Equatable {
    public var response: APIResponse
    /// `x-ratelimit-limit` / `x-ratelimit-remaining`, when the answer carried them.
    public var rateLimit: RateLimitHeaders?

    public init(_ response: APIResponse, rateLimit: RateLimitHeaders? = nil) {
        self.response = response
        self.rateLimit = rateLimit
    }
}

/// What Attentive says of an endpoint's budget on every answer.
public struct RateLimitHeaders: Sendable, Equatable {
    /// Requests a second the account may send to this endpoint.
    public var limit: Int
    /// Requests left in the budget right now.
    public var remaining: Int

    public init(limit: Int, remaining: Int) {
        self.limit = limit
        self.remaining = remaining
    }

    /// Reads the two headers; nil unless both are whole numbers and the limit is positive.
    public init?(limit: String?, remaining: String?) {
        guard let limit = limit.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), limit > 0,
              let remaining = remaining.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
        else { return nil }
        self.init(limit: limit, remaining: max(0, remaining))
    }
}
