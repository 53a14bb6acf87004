/// One endpoint's pace, learned from the answers: a pure state machine over the times it is
/// given (a `Duration` since any fixed origin), so tests drive it by hand.
///
/// It starts at the configured (documented) rate. Every answer's `x-ratelimit-limit` caps the
/// rate at what the account really has; a low `x-ratelimit-remaining` slows it further, before
/// the budget runs out. A 429 halts the endpoint for a jittered pause that doubles with each
/// 429 in a row, and cuts the rate (at most once per pause); after a quiet second the rate
/// climbs back by a twentieth of its ceiling a second.
public struct EndpointBudget: Sendable, Equatable {
    /// What `reserve` says to do.
    public enum Action: Sendable, Equatable {
        case send
        case wait(Duration)
    }

    /// What an answer said about the budget.
    public enum Answer: Sendable, Equatable {
        case answered(RateLimitHeaders?)
        case rateLimited(RateLimitHeaders?)
    }

    /// The rate asked for (option or documented limit): never exceeded.
    public let configured: Double
    /// The limit the server announced, when it did.
    public private(set) var announcedLimit: Double?
    /// The rate after 429s: cut on each, climbing back while quiet.
    public private(set) var backedOffRate: Double
    /// The cap a low remaining budget puts on the rate.
    private var remainingCap: Double?
    private var pacing: RateBudget
    /// Moves whenever the slots handed out so far stop counting (the rate dropped, a 429 paused the
    /// endpoint): a caller still waiting for a slot of an older generation asks again.
    public private(set) var generation = 0
    private var rateLimitedInARow = 0
    /// No rate cut before this (one cut per burst of 429s), no recovery before `quietUntil`.
    private var nextCutAllowed: Duration = .zero
    private var quietUntil: Duration = .zero
    private var lastRecovery: Duration = .zero

    /// Below this share of the announced limit left, the rate is slowed down.
    static let lowWater = 0.25
    static let cutFactor = 0.7
    static let recoveryPerSecond = 0.05
    static let minimumRate = 0.2
    static let basePause = Duration.milliseconds(250)
    static let maximumPause = Duration.seconds(10)

    public init(rate: Double) {
        precondition(rate > 0)
        configured = rate
        backedOffRate = rate
        pacing = RateBudget(rate: rate, burst: Self.burst(for: rate))
    }

    /// The most the endpoint may go: the configured rate, or the announced limit below it.
    public var ceiling: Double { min(configured, announcedLimit ?? configured) }

    /// The pace requests go out at now.
    public var rate: Double { max(Self.minimumRate, min(ceiling, backedOffRate, remainingCap ?? .infinity)) }

    static func burst(for rate: Double) -> Int { max(1, Int(rate / 10)) }

    /// Reserves the next slot at `now`.
    public mutating func reserve(at now: Duration) -> Action {
        recover(at: now)
        let wait = pacing.reserve(at: now)
        return wait > .zero ? .wait(wait) : .send
    }

    /// Learns from an answer received at `now`; `random` in 0..<1 jitters a pause.
    public mutating func observe(_ answer: Answer, at now: Duration, random: Double) {
        let before = rate
        switch answer {
        case .answered(let headers):
            rateLimitedInARow = 0
            learn(headers)
            pacing.rate = rate
            if rate < before * 0.999 {
                pacing.restart(at: now)
                generation += 1
            }
        case .rateLimited(let headers):
            if let headers { announcedLimit = Double(headers.limit) }
            rateLimitedInARow += 1
            let ceilingPause = min(Self.maximumPause, Self.basePause * (1 << min(rateLimitedInARow - 1, 10)))
            let pause = ceilingPause * (0.5 + 0.5 * random)
            if now >= nextCutAllowed {
                backedOffRate = max(Self.minimumRate, min(backedOffRate, ceiling) * Self.cutFactor)
                nextCutAllowed = now + pause
            }
            quietUntil = now + pause + .seconds(1)
            lastRecovery = quietUntil
            pacing.rate = rate
            pacing.restart(at: now)
            pacing.pause(at: now, for: pause)
            generation += 1
        }
    }

    private mutating func learn(_ headers: RateLimitHeaders?) {
        guard let headers else { return }
        let limit = Double(headers.limit)
        announcedLimit = limit
        let share = Double(headers.remaining) / limit
        // Full pace down to `lowWater` left, then down to half the ceiling at none left.
        remainingCap = share >= Self.lowWater ? nil : ceiling * (0.5 + 0.5 * share / Self.lowWater)
    }

    private mutating func recover(at now: Duration) {
        defer { pacing.rate = rate }
        guard backedOffRate < ceiling, now > quietUntil else { return }
        let elapsed = (now - max(lastRecovery, quietUntil)).seconds
        guard elapsed > 0 else { return }
        backedOffRate = min(ceiling, backedOffRate + ceiling * Self.recoveryPerSecond * elapsed)
        lastRecovery = now
    }
}
