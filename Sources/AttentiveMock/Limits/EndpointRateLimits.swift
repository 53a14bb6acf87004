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
        "POST /events/custom": 150,
        "POST /events/ecommerce/purchase": 150,
        "POST /events/ecommerce/add-to-cart": 150,
        "POST /events/ecommerce/product-view": 150,
        "POST /v2/bulk/user/attributes": 100,
        "GET /v2/bulk/job/{bulkJobId}": 100,
        "POST /v2/bulk/segments/members": 100,
        "DELETE /v2/bulk/segments/members": 100,
        "POST /v2/segments": 100,
        "GET /v2/segments": 100,
        "GET /v2/segments/external/{externalId}": 100,
    ]

    /// "150 requests/s for most endpoints".
    public static let defaultLimit: Double = 150

    /// A documented limit times `scale`: whole requests per second from 1/s up, as Attentive's
    /// limits are, so that `x-ratelimit-limit` tells a client the real rate.
    public static func scaled(_ limit: Double, by scale: Double) -> Double {
        let scaled = limit * scale
        return scaled >= 1 ? scaled.rounded() : scaled
    }

    /// The limit for `endpoint` before any scaling.
    public static func limit(for endpoint: String) -> Double {
        documented[endpoint] ?? defaultLimit
    }
}
