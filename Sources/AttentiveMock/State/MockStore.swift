/// Everything the fake remembers between requests: rate budgets, the fault
/// injector's sequence, the request log, counters, and what was sent to it.
public actor MockStore {
    private let rateScale: Double
    private let seed: UInt64
    private var budgets: [String: RateBudget] = [:]
    private var faults: FaultInjector
    private var log: [RecordedRequest] = []
    private var statistics = MockStatistics()
    private var attributes = AttributeStore()

    public init(configuration: MockConfiguration) {
        rateScale = configuration.rateScale
        seed = configuration.seed ?? UInt64.random(in: .min ... .max)
        faults = FaultInjector(failRate: configuration.failRate, seed: seed)
    }

    // MARK: Limits and faults

    /// Takes one request from `endpoint`'s budget; returns the decision and the limit to advertise.
    public func admit(_ endpoint: String, at now: ContinuousClock.Instant = .now) -> (decision: RateBudget.Decision, limit: Int) {
        var budget = self.budget(for: endpoint)
        let decision = budget.take(at: now)
        budgets[endpoint] = budget
        return (decision, budget.advertisedLimit)
    }

    /// The budget's limit and what is left, without spending any (for answers given
    /// before the budget is consulted, such as 401).
    public func peek(_ endpoint: String, at now: ContinuousClock.Instant = .now) -> (limit: Int, remaining: Int) {
        var budget = self.budget(for: endpoint)
        let remaining = budget.remaining(at: now)
        budgets[endpoint] = budget
        return (budget.advertisedLimit, remaining)
    }

    private func budget(for endpoint: String) -> RateBudget {
        budgets[endpoint] ?? RateBudget(ratePerSecond: EndpointRateLimits.limit(for: endpoint) * rateScale)
    }

    /// Whether the fault injector fails the next request.
    public func nextRequestFails() -> Bool {
        faults.nextRequestFails()
    }

    // MARK: Log and counters

    /// Logs an answered request and counts it under `endpoint`.
    public func record(_ request: RecordedRequest, endpoint: String, outcome: RequestOutcome) {
        log.append(request)
        statistics.count(endpoint: endpoint, status: request.status, outcome: outcome)
    }

    /// The logged requests in arrival order, optionally only those to `path`.
    public func requests(path: String? = nil) -> [RecordedRequest] {
        guard let path else { return log }
        return log.filter { $0.path == path }
    }

    public var stats: MockStatistics { statistics }

    // MARK: Custom attributes

    /// Merges `properties` into the person's attributes under Attentive's rules.
    public func mergeAttributes(_ properties: [String: JSONValue], into user: String) throws(RuleViolation) {
        try attributes.merge(properties, into: user)
    }

    /// The merged attributes per person key.
    public var attributesByUser: [String: [String: JSONValue]] { attributes.attributesByUser }

    // MARK: Reset

    /// Forgets everything: log, counters, state, budgets; the fault sequence restarts from the seed.
    public func reset() {
        budgets = [:]
        faults.reset()
        log = []
        statistics = MockStatistics()
        attributes = AttributeStore()
    }
}
