/// A token bucket for one endpoint: holds up to `capacity` requests and refills at
/// `ratePerSecond`. A pure state machine over the instants it is given, so tests drive
/// it with made-up times.
public struct RateBudget: Sendable {
    /// What the bucket says about one request.
    public enum Decision: Sendable, Equatable {
        /// Go ahead; `remaining` whole requests are left in the bucket.
        case allowed(remaining: Int)
        /// Over budget: answer 429.
        case limited
    }

    /// Requests per second the bucket refills at.
    public let ratePerSecond: Double
    /// The burst size: the rate, but at least one request.
    public let capacity: Double
    private var tokens: Double
    private var lastRefill: ContinuousClock.Instant?

    public init(ratePerSecond: Double) {
        self.ratePerSecond = max(ratePerSecond, 0)
        self.capacity = max(ratePerSecond, 1)
        self.tokens = capacity
    }

    /// The limit reported in `x-ratelimit-limit`.
    public var advertisedLimit: Int { Int(capacity) }

    /// Whole requests left at `now`, without taking one.
    public mutating func remaining(at now: ContinuousClock.Instant) -> Int {
        refill(at: now)
        return Int(tokens)
    }

    /// Takes one request from the bucket if there is one.
    public mutating func take(at now: ContinuousClock.Instant) -> Decision {
        refill(at: now)
        guard tokens >= 1 else { return .limited }
        tokens -= 1
        return .allowed(remaining: Int(tokens))
    }

    private mutating func refill(at now: ContinuousClock.Instant) {
        defer { lastRefill = now }
        guard let lastRefill, now > lastRefill else { return }
        let elapsed = (now - lastRefill) / .seconds(1)
        tokens = min(capacity, tokens + elapsed * ratePerSecond)
    }
}
