/// An Attentive API operation the tool calls, with its documented per-token rate limit.
///
/// `name` is how options (`--rate-limit subscribe=5`), budgets and metrics name it; operations
/// that share a name share one budget (creating and looking up catalog uploads).
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var method: String
    public var path: String
    /// Requests per second Attentive allows one token on this endpoint.
    public var rateLimit: Double
    /// The API version whose base URL `path` is below (`APIConfiguration.baseURL(version:)`).
    public var apiVersion = 1

    public var description: String { "\(method) \(apiVersion == 1 ? "" : "/v\(apiVersion)")\(path)" }

    public static let me = Endpoint(name: "me", method: "GET", path: "/me", rateLimit: 150)
    public static let customAttributes = Endpoint(name: "attributes", method: "POST", path: "/attributes/custom", rateLimit: 150)
    public static let subscribe = Endpoint(name: "subscribe", method: "POST", path: "/subscriptions", rateLimit: 10)
    public static let unsubscribe = Endpoint(name: "unsubscribe", method: "POST", path: "/subscriptions/unsubscribe", rateLimit: 5)
    public static let subscriptions = Endpoint(name: "subscriptionCheck", method: "GET", path: "/subscriptions", rateLimit: 150)
    public static let identify = Endpoint(name: "identity", method: "POST", path: "/identity-resolution/user-identifiers", rateLimit: 10)

    /// The names `--rate-limit` and `--concurrency` take, with their documented limits.
    public static let configurable: [(name: String, rateLimit: Double)] = [
        ("attributes", 150), ("identity", 10), ("subscribe", 10), ("unsubscribe", 5),
        ("subscriptionCheck", 150), ("events", 150), ("catalog", 1), ("bulk", 100), ("bulkJob", 100), ("segmentMembers", 100), ("segments", 100),
    ]
}
