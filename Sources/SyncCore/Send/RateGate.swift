/// A `RateBudget` shared by concurrent senders, on a real clock.
actor RateGate {
    private var budget: RateBudget
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(rate: Double) {
        budget = RateBudget(rate: rate, burst: max(1, Int(rate / 10)))
        origin = clock.now
    }

    /// Waits for this caller's slot.
    func acquire() async throws {
        let wait = budget.reserve(at: clock.now - origin)
        if wait > .zero { try await clock.sleep(for: wait) }
    }

    /// The server answered 429: hold every sender back for `pause`.
    func pause(for pause: Duration) {
        budget.pause(at: clock.now - origin, for: pause)
    }
}
