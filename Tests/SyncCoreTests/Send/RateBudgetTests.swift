import Testing
@testable import SyncCore

@Suite struct RateBudgetTests {
    @Test func spacesRequestsAtTheRate() {
        var budget = RateBudget(rate: 10)
        #expect(budget.reserve(at: .zero) == .zero)
        #expect(budget.reserve(at: .zero) == .milliseconds(100))
        #expect(budget.reserve(at: .zero) == .milliseconds(200))
        // Time passing pays for waiting.
        #expect(budget.reserve(at: .milliseconds(250)) == .milliseconds(50))
    }

    @Test func allowsABurstAfterIdle() {
        var budget = RateBudget(rate: 10, burst: 3)
        #expect((0..<3).map { _ in budget.reserve(at: .seconds(5)) } == [.zero, .zero, .zero])
        #expect(budget.reserve(at: .seconds(5)) == .milliseconds(100))
    }

    @Test func idleTimeDoesNotBank() {
        var budget = RateBudget(rate: 10)
        _ = budget.reserve(at: .zero)
        #expect(budget.reserve(at: .seconds(10)) == .zero)
        #expect(budget.reserve(at: .seconds(10)) == .milliseconds(100))
    }

    @Test func pauseHoldsEveryoneBack() {
        var budget = RateBudget(rate: 10)
        budget.pause(at: .seconds(1), for: .seconds(2))
        #expect(budget.reserve(at: .seconds(1)) == .seconds(2))
    }
}

@Suite struct RetryPolicyTests {
    @Test func backoffDoublesUpToTheCeiling() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delay(afterAttempt: 1, random: 0.999_999)! <= .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, random: 0.5) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 9, random: 0.5) == .milliseconds(500))
    }

    @Test func jitterSpreadsDelays() {
        let policy = RetryPolicy()
        #expect(policy.delay(afterAttempt: 3, random: 0) == .zero)
        #expect(policy.delay(afterAttempt: 3, random: 0.25)! < policy.delay(afterAttempt: 3, random: 0.75)!)
    }

    @Test func givesUpAfterMaxAttempts() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.delay(afterAttempt: 2, random: 0.5) != nil)
        #expect(policy.delay(afterAttempt: 3, random: 0.5) == nil)
    }
}
