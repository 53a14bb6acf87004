/// An Attentive API operation the tool calls, with its documented per-token rate limit.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var path: String
    /// Requests per second Attentive allows one token on this endpoint.
    public var rateLimit: Double

    public var description: String { "\(method) \(path)" }

    public static let me = Endpoint(method: "GET", path: "/me", rateLimit: 150)
    public static let customAttributes = Endpoint(method: "POST", path: "/attributes/custom", rateLimit: 150)
    public static let subscribe = Endpoint(method: "POST", path: "/subscriptions", rateLimit: 10)
    public static let unsubscribe = Endpoint(method: "POST", path: "/subscriptions/unsubscribe", rateLimit: 5)
    public static let subscriptions = Endpoint(method: "GET", path: "/subscriptions", rateLimit: 150)
    public static let identify = Endpoint(method: "POST", path: "/identity-resolution/user-identifiers", rateLimit: 10)
}
