/// How hard the sender pushes. The defaults are Attentive's documented limits.
public struct SenderConfiguration: Sendable {
    /// Requests in flight at once.
    public var concurrency: Int
    /// Requests per second per endpoint; endpoints not listed use their documented limit.
    public var rateLimits: [Endpoint: Double]
    public var retry: RetryPolicy
    /// Records in a row whose retries ran out before the run gives up (the API is down).
    public var abortAfterConsecutiveFailures: Int

    public init(
        concurrency: Int = 16,
        rateLimits: [Endpoint: Double] = [:],
        retry: RetryPolicy = RetryPolicy(),
        abortAfterConsecutiveFailures: Int = 25
    ) {
        self.concurrency = concurrency
        self.rateLimits = rateLimits
        self.retry = retry
        self.abortAfterConsecutiveFailures = abortAfterConsecutiveFailures
    }

    func rate(for endpoint: Endpoint) -> Double {
        rateLimits[endpoint] ?? endpoint.rateLimit
    }
}
