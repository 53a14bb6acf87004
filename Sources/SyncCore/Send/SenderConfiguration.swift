/// How hard the sender pushes. The defaults are Attentive's documented limits; the sender
/// then learns the account's real ones from the answers.
public struct SenderConfiguration: Sendable {
    /// Requests in flight at once per endpoint, by endpoint name; others take `defaultConcurrency`.
    public var concurrency: [String: Int]
    public var defaultConcurrency: Int
    /// Requests per second by endpoint name; others take `defaultRateLimit`, else their documented limit.
    public var rateLimits: [String: Double]
    public var defaultRateLimit: Double?
    public var retry: RetryPolicy
    /// Records in a row whose retries ran out before the run gives up (the API is down).
    public var abortAfterConsecutiveFailures: Int
    /// Requests that got no answer at all, before any answer came, before the run gives up
    /// (the API cannot be reached: a wrong URL, DNS, TLS, a firewall).
    public var abortAfterUnansweredRequests: Int
    /// How long a request whose answer was lost may still be landing at Attentive: whether a
    /// subscribe or unsubscribe took effect is asked (`GET /subscriptions`) only this long after
    /// it went out, so a slow answer is never taken for "not applied" and sent twice.
    public var settleDelay: Duration
    /// How long a run waits for its bulk jobs to complete before leaving them to the next run.
    public var bulkWait: Duration
    /// The first wait between looks at a running bulk job; it doubles up to 30 s.
    public var bulkPollInterval: Duration
    /// How long after a bulk request whose answer was lost its subscribes are checked with
    /// `GET /subscriptions`: Attentive processes bulk jobs later (its targets: within 12 hours),
    /// so "not subscribed" means "not applied" only once the job could have run.
    public var bulkSettleDelay: Duration

    public init(
        concurrency: [String: Int] = [:],
        defaultConcurrency: Int = 16,
        rateLimits: [String: Double] = [:],
        defaultRateLimit: Double? = nil,
        retry: RetryPolicy = RetryPolicy(),
        abortAfterConsecutiveFailures: Int = 25,
        abortAfterUnansweredRequests: Int = 3,
        settleDelay: Duration = .seconds(60),
        bulkWait: Duration = .seconds(600),
        bulkPollInterval: Duration = .milliseconds(500),
        bulkSettleDelay: Duration = .seconds(12 * 3600)
    ) {
        self.concurrency = concurrency
        self.defaultConcurrency = defaultConcurrency
        self.rateLimits = rateLimits
        self.defaultRateLimit = defaultRateLimit
        self.retry = retry
        self.abortAfterConsecutiveFailures = abortAfterConsecutiveFailures
        self.abortAfterUnansweredRequests = abortAfterUnansweredRequests
        self.settleDelay = settleDelay
        self.bulkWait = bulkWait
        self.bulkPollInterval = bulkPollInterval
        self.bulkSettleDelay = bulkSettleDelay
    }

    /// The rate an endpoint starts at.
    public func rate(for endpoint: Endpoint) -> Double {
        rate(named: endpoint.name, documented: endpoint.rateLimit)
    }

    /// The rate the endpoint named `name`, documented at `documented`, starts at.
    public func rate(named name: String, documented: Double) -> Double {
        rateLimits[name] ?? defaultRateLimit ?? documented
    }

    public func concurrency(for endpoint: Endpoint) -> Int {
        concurrency[endpoint.name] ?? defaultConcurrency
    }

    /// Connections the HTTP client should keep: every endpoint's requests in flight.
    public var connections: Int {
        Endpoint.configurable.reduce(0) { $0 + (concurrency[$1.name] ?? defaultConcurrency) }
    }
}
