import AttentiveMock
import Testing

@Suite("attentive-mock: rate budget and fault injector")
struct MockRateBudgetTests {
    let start = ContinuousClock.now

    @Test func burstUpToTheRateThenRefillOverTime() {
        var budget = RateBudget(ratePerSecond: 5)
        #expect(budget.advertisedLimit == 5)
        for expected in (0..<5).reversed() {
            #expect(budget.take(at: start) == .allowed(remaining: expected))
        }
        #expect(budget.take(at: start) == .limited)
        #expect(budget.take(at: start + .milliseconds(100)) == .limited)
        #expect(budget.take(at: start + .milliseconds(200)) == .allowed(remaining: 0))
        #expect(budget.remaining(at: start + .seconds(10)) == 5)
    }

    @Test func slowRatesStillAllowOneRequest() {
        var budget = RateBudget(ratePerSecond: 0.5)
        #expect(budget.advertisedLimit == 1)
        #expect(budget.take(at: start) == .allowed(remaining: 0))
        #expect(budget.take(at: start + .seconds(1)) == .limited)
        #expect(budget.take(at: start + .seconds(2)) == .allowed(remaining: 0))
    }

    @Test func scaledLimitsAreWholeRequestsPerSecondFromOneUp() {
        #expect(EndpointRateLimits.scaled(5, by: 0.5) == 3)
        #expect(EndpointRateLimits.scaled(150, by: 0.5) == 75)
        #expect(EndpointRateLimits.scaled(150, by: 20) == 3000)
        #expect(EndpointRateLimits.scaled(1, by: 0.5) == 0.5)
    }

    @Test func documentedLimits() {
        #expect(EndpointRateLimits.limit(for: "POST /attributes/custom") == 150)
        #expect(EndpointRateLimits.limit(for: "POST /subscriptions/unsubscribe") == 5)
        #expect(EndpointRateLimits.limit(for: "POST /product-catalog/uploads") == 1)
        #expect(EndpointRateLimits.limit(for: "POST /events/custom") == 150)
    }

    @Test func faultInjectorFollowsItsSeed() {
        var first = FaultInjector(failRate: 0.3, seed: 7)
        var second = FaultInjector(failRate: 0.3, seed: 7)
        let a = (0..<200).map { _ in first.nextRequestFails() }
        let b = (0..<200).map { _ in second.nextRequestFails() }
        #expect(a == b)
        #expect((40...80).contains(a.filter { $0 }.count))
        first.reset()
        #expect((0..<200).map { _ in first.nextRequestFails() } == a)
    }

    @Test func faultInjectorExtremes() {
        var never = FaultInjector(failRate: 0, seed: 1)
        var always = FaultInjector(failRate: 1, seed: 1)
        #expect((0..<50).allSatisfy { _ in !never.nextRequestFails() })
        #expect((0..<50).allSatisfy { _ in always.nextRequestFails() })
    }
}
