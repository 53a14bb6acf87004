/// One endpoint's request budget as a pure state machine (GCRA, the virtual-scheduling
/// form of a token bucket): each reservation says how long to wait before sending.
///
/// Time is a `Duration` since any fixed origin, so tests drive it by hand.
public struct RateBudget: Sendable, Equatable {
    /// Requests per second; a new rate applies from the next reservation on.
    public var rate: Double {
        didSet { precondition(rate > 0) }
    }
    /// Requests that may go at once after an idle spell.
    public let burst: Int
    /// When the next request would be due if requests went out exactly at `rate`.
    private var theoreticalArrival: Duration = .zero

    public init(rate: Double, burst: Int = 1) {
        precondition(rate > 0 && burst >= 1)
        self.rate = rate
        self.burst = burst
    }

    var interval: Duration { .seconds(1 / rate) }

    /// Reserves the next slot and returns how long to wait, from `now`, before using it.
    public mutating func reserve(at now: Duration) -> Duration {
        let due = max(theoreticalArrival, now)
        let wait = max(.zero, due - interval * (burst - 1) - now)
        theoreticalArrival = due + interval
        return wait
    }

    /// Forgets slots already handed out: the next one is an interval from `now` (for a rate that
    /// just dropped, whose earlier reservations were spaced for the faster one).
    public mutating func restart(at now: Duration) {
        theoreticalArrival = now + interval * burst
    }

    /// After the server said "too many": no slot before `now + pause`.
    public mutating func pause(at now: Duration, for pause: Duration) {
        theoreticalArrival = max(theoreticalArrival, now + pause + interval * (burst - 1))
    }
}
