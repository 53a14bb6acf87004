/// When to try a request again: jittered exponential backoff ("full jitter").
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The pause before attempt `attempt + 1`, given `random` in 0..<1; nil when attempts are used up.
    /// The ceiling doubles each attempt up to `maxDelay`; the pause is a random share of it.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let ceiling = min(maxDelay, baseDelay * (1 << min(attempt - 1, 30)))
        return ceiling * random
    }
}
