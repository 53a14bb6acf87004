/// Attentive's documented per-endpoint limits, in requests per second.
public enum EndpointRateLimits {
    /// Limits by endpoint (`METHOD /path/template`); anything else gets ``defaultLimit``.
    public static let documented: [String: Double] = [
        "POST /attributes/custom": 150,
        "GET /me": 150,
        "POST /identity-resolution/user-identifiers": 10,
        "POST /subscriptions": 10,
        "POST /subscriptions/unsubscribe": 5,
        "GET /subscriptions": 150,
        "POST /product-catalog/uploads": 1,
    ]

    /// "150 requests/s for most endpoints".
    public static let defaultLimit: Double = 150

    /// The limit for `endpoint` before any scaling.
    public static func limit(for endpoint: String) -> Double {
        documented[endpoint] ?? defaultLimit
    }
}
