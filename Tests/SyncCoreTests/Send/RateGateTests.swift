import Synchronization
import Testing
@testable import SyncCore

/// A clock that moves only when told: sleepers wake once `advance` passes their deadline.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [(deadline: Instant, wake: CheckedContinuation<Void, Never>)] = []
        var slept: [Duration] = []
    }

    private let state = Mutex(State())
    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }
    /// How long each sleep asked for, in order.
    var slept: [Duration] { state.withLock { $0.slept } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                state.slept.append(state.now.duration(to: deadline))
                if deadline <= state.now { return true }
                state.sleepers.append((deadline, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func advance(by duration: Duration) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.now = state.now.advanced(by: duration)
            let due = state.sleepers.filter { $0.deadline <= state.now }
            state.sleepers.removeAll { $0.deadline <= state.now }
            return due.map(\.wake)
        }
        for continuation in woken { continuation.resume() }
    }
}

@Suite struct RateGateTests {
    @Test func theGateSleepsWhatTheBudgetSaysOnItsClock() async throws {
        let clock = ManualClock()
        let gate = RateGate(rate: 10, clock: clock)
        try await gate.acquire()
        #expect(clock.slept.isEmpty)
        let second = Task { try await gate.acquire() }
        while clock.slept.isEmpty { await Task.yield() }
        #expect(clock.slept == [.milliseconds(100)])
        clock.advance(by: .milliseconds(100))
        try await second.value
    }

    @Test func aWaiterAsksAgainWhenTheRateDropsWhileItWaits() async throws {
        let clock = ManualClock()
        let gate = RateGate(rate: 10, clock: clock)
        try await gate.acquire()
        // Reserved at 10/s: 100 ms from now…
        let waiter = Task { try await gate.acquire() }
        while clock.slept.isEmpty { await Task.yield() }
        // …but the first answer says the account has 2/s.
        await gate.observe(.answered(RateLimitHeaders(limit: 2, remaining: 2)))
        clock.advance(by: .milliseconds(100))
        while clock.slept.count < 2 { await Task.yield() }
        #expect(clock.slept == [.milliseconds(100), .milliseconds(400)])
        clock.advance(by: .milliseconds(400))
        try await waiter.value
    }

    @Test func headersSlowTheGateAndQuietTimeBringsItBack() async throws {
        let clock = ManualClock()
        let gate = RateGate(rate: 100, clock: clock)
        await gate.observe(.answered(RateLimitHeaders(limit: 50, remaining: 40)))
        #expect(await gate.budget.rate == 50)
        await gate.observe(.rateLimited(RateLimitHeaders(limit: 50, remaining: 0)))
        #expect(await gate.budget.rate == 35)
        clock.advance(by: .seconds(30))
        try await gate.acquire()
        #expect(await gate.budget.rate == 50)
    }
}
