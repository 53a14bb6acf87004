/// An `EndpointBudget` shared by the concurrent senders of one endpoint, on a clock:
/// `ContinuousClock` in a run, a hand-driven one in tests.
public actor RateGate<C: Clock> where C.Duration == Duration {
    public private(set) var budget: EndpointBudget
    private let clock: C
    private let origin: C.Instant

    public init(rate: Double, clock: C) {
        budget = EndpointBudget(rate: rate)
        self.clock = clock
        origin = clock.now
    }

    /// Waits for this caller's slot; asks again if, meanwhile, the slots handed out stopped
    /// counting (an answer lowered the rate, a 429 paused the endpoint).
    public func acquire() async throws {
        while true {
            let generation = budget.generation
            guard case .wait(let wait) = budget.reserve(at: origin.duration(to: clock.now)) else { return }
            try await clock.sleep(until: clock.now.advanced(by: wait), tolerance: nil)
            if budget.generation == generation { return }
        }
    }

    /// Learns from an answer.
    public func observe(_ answer: EndpointBudget.Answer) {
        budget.observe(answer, at: origin.duration(to: clock.now), random: Double.random(in: 0..<1))
    }
}

/// A run's gates: one per endpoint name, shared by everything that calls that endpoint.
public struct RateGates: Sendable {
    private let gates: [String: RateGate<ContinuousClock>]

    public init(configuration: SenderConfiguration) {
        var gates: [String: RateGate<ContinuousClock>] = [:]
        for (name, documented) in Endpoint.configurable + [(Endpoint.me.name, Endpoint.me.rateLimit)] {
            gates[name] = RateGate(rate: configuration.rate(named: name, documented: documented), clock: ContinuousClock())
        }
        self.gates = gates
    }

    public func gate(for endpoint: Endpoint) -> RateGate<ContinuousClock> {
        guard let gate = gates[endpoint.name] else { preconditionFailure("no rate budget for endpoint '\(endpoint.name)'") }
        return gate
    }
}
