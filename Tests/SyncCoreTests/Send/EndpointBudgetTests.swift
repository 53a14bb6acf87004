import Testing
@testable import SyncCore

/// The learned pace, driven by hand-made times (a fake clock).
@Suite struct EndpointBudgetTests {
    /// The waits `count` reservations at `now` are told, in order.
    func waits(_ budget: inout EndpointBudget, _ count: Int, at now: Duration) -> [Duration] {
        (0..<count).map { _ in
            if case .wait(let wait) = budget.reserve(at: now) { return wait }
            return .zero
        }
    }

    @Test func startsAtTheConfiguredRate() {
        var budget = EndpointBudget(rate: 10)
        #expect(budget.rate == 10)
        #expect(waits(&budget, 3, at: .zero) == [.zero, .milliseconds(100), .milliseconds(200)])
    }

    @Test func theAnnouncedLimitCapsTheRateAtOnce() {
        var budget = EndpointBudget(rate: 150)
        budget.observe(.answered(RateLimitHeaders(limit: 75, remaining: 70)), at: .zero, random: 0)
        #expect(budget.rate == 75)
        #expect(budget.ceiling == 75)
        // A higher announced limit never lifts the rate above what was configured.
        budget.observe(.answered(RateLimitHeaders(limit: 3000, remaining: 3000)), at: .zero, random: 0)
        #expect(budget.rate == 150)
    }

    @Test func aLowRemainingBudgetSlowsDownBeforeItRunsOut() {
        var budget = EndpointBudget(rate: 100)
        budget.observe(.answered(RateLimitHeaders(limit: 100, remaining: 50)), at: .zero, random: 0)
        #expect(budget.rate == 100)
        budget.observe(.answered(RateLimitHeaders(limit: 100, remaining: 10)), at: .zero, random: 0)
        #expect(budget.rate == 70)
        budget.observe(.answered(RateLimitHeaders(limit: 100, remaining: 0)), at: .zero, random: 0)
        #expect(budget.rate == 50)
        // Spacing follows the slower rate (after the burst of a tenth of the configured rate).
        _ = waits(&budget, 10, at: .seconds(1))
        #expect(abs(waits(&budget, 1, at: .seconds(1))[0].seconds - 0.02) < 1e-6)
        // Once the budget refills, full pace again.
        budget.observe(.answered(RateLimitHeaders(limit: 100, remaining: 40)), at: .seconds(2), random: 0)
        #expect(budget.rate == 100)
    }

    @Test func a429PausesTheEndpointAndCutsTheRateOncePerBurst() {
        var budget = EndpointBudget(rate: 100)
        _ = waits(&budget, 1, at: .zero)
        budget.observe(.rateLimited(nil), at: .seconds(1), random: 0)
        #expect(budget.rate == 70)
        // The pause: half to all of 250 ms, jittered; random 0 gives the half.
        let first = waits(&budget, 1, at: .seconds(1))[0]
        #expect(first >= .milliseconds(125) && first < .milliseconds(200))
        // Other 429s of the same burst (answers to requests already in flight) do not cut again…
        budget.observe(.rateLimited(nil), at: .seconds(1) + .milliseconds(10), random: 0)
        #expect(budget.rate == 70)
        // …but one after the pause does, and its pause is twice as long.
        budget.observe(.rateLimited(nil), at: .seconds(2), random: 1)
        #expect(budget.rate == 49)
        let second = waits(&budget, 1, at: .seconds(2))[0]
        #expect(second >= .milliseconds(500))
    }

    @Test func recoversGraduallyAfterAQuietSecond() {
        var budget = EndpointBudget(rate: 100)
        budget.observe(.rateLimited(RateLimitHeaders(limit: 100, remaining: 0)), at: .zero, random: 0)
        #expect(budget.rate == 70)
        // Within the pause and the quiet second after it: no recovery.
        _ = budget.reserve(at: .seconds(1))
        #expect(budget.rate == 70)
        // Then a twentieth of the ceiling a second: 5/s.
        _ = budget.reserve(at: .milliseconds(1125) + .seconds(2))
        #expect(abs(budget.rate - 80) < 0.01)
        _ = budget.reserve(at: .seconds(60))
        #expect(budget.rate == 100)
    }

    @Test func a429WithAnnouncedLimitLearnsItToo() {
        var budget = EndpointBudget(rate: 10)
        budget.observe(.rateLimited(RateLimitHeaders(limit: 5, remaining: 0)), at: .zero, random: 0.5)
        #expect(budget.ceiling == 5)
        #expect(budget.rate == 3.5)
    }

    @Test func headersParseOnlyWholeNumbers() {
        #expect(RateLimitHeaders(limit: "150", remaining: " 12") == RateLimitHeaders(limit: 150, remaining: 12))
        #expect(RateLimitHeaders(limit: "0", remaining: "0") == nil)
        #expect(RateLimitHeaders(limit: "abc", remaining: "1") == nil)
        #expect(RateLimitHeaders(limit: "10", remaining: nil) == nil)
    }
}
