/// One API request as the fake received and answered it.
public struct RecordedRequest: Sendable, Hashable {
    /// Upper-case HTTP method.
    public var method: String
    /// The path below the API base (`/attributes/custom`, not `/v1/attributes/custom`).
    public var path: String
    /// The raw query string, if any.
    public var query: String?
    /// The status the fake answered with (or would have, when the answer was dropped).
    public var status: Int
    /// Processed, but the connection was closed instead of answering.
    public var dropped: Bool
    /// The body as JSON; `null` when there was none, a string when it was not JSON.
    public var body: JSONValue

    public init(method: String, path: String, query: String? = nil, status: Int, body: JSONValue, dropped: Bool = false) {
        self.method = method
        self.path = path
        self.query = query
        self.status = status
        self.body = body
        self.dropped = dropped
    }

    /// `{method, path, status, body}` (plus `query` when there was one, and
    /// `dropped: true` when the answer was dropped).
    public var json: JSONValue {
        var members: [String: JSONValue] = ["method": .string(method), "path": .string(path), "status": .number(Double(status)), "body": body]
        if let query { members["query"] = .string(query) }
        if dropped { members["dropped"] = .bool(true) }
        return .object(members)
    }
}
