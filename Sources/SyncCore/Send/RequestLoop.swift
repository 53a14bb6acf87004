import Logging

/// The one way a request goes out, for every caller (the sender, the subscription check, the
/// catalog uploader): wait for the endpoint's budget, send, let the budget learn from the answer,
/// retry 429, 5xx and transport errors with jittered exponential backoff, stop when the run stops.
struct RequestLoop: Sendable {
    let api: any AttentiveAPI
    let gates: RateGates
    let retry: RetryPolicy
    let monitor: SendMonitor
    let logger: Logger

    /// How a request ended.
    enum Outcome<Settled: Sendable>: Sendable {
        /// The last answer: 2xx, a refusal, or still retryable when the attempts ran out.
        case answered(APIResponse, attempts: Int)
        /// `beforeResend` settled it (a lost answer found applied, or not knowable).
        case settled(Settled)
        /// The run is stopping. `uncertain`: an attempt went unanswered (5xx, transport), so it
        /// may have taken effect.
        case stopped(String, uncertain: Bool)
    }

    /// Sends one request to `endpoint`. `beforeResend` runs after an answer that leaves the outcome
    /// unknown (5xx, transport) and before the request goes again: nil resends, a value settles.
    func send<Settled: Sendable>(
        _ endpoint: Endpoint, body: String?, query: String? = nil,
        beforeResend: (APIResponse) async -> Settled? = { _ in nil }
    ) async -> Outcome<Settled> {
        await perform(endpoint, gated: true, beforeResend: beforeResend) {
            await api.send(endpoint, body: body, query: query)
        }
    }

    /// The loop itself, around any request; `gated: false` skips the endpoint's budget (a `PUT`
    /// to a pre-signed upload URL is not Attentive's API).
    func perform<Settled: Sendable>(
        _ endpoint: Endpoint, gated: Bool,
        beforeResend: (APIResponse) async -> Settled? = { _ in nil },
        request: () async -> APIReply
    ) async -> Outcome<Settled> {
        let gate = gated ? gates.gate(for: endpoint) : nil
        var attempt = 0
        var uncertain = false
        while true {
            if let reason = monitor.stopReason { return .stopped(reason, uncertain: uncertain) }
            do { try await gate?.acquire() } catch { return .stopped("cancelled", uncertain: uncertain) }
            if let reason = monitor.stopReason { return .stopped(reason, uncertain: uncertain) }
            attempt += 1
            monitor.sending(endpoint, retry: attempt > 1)
            let reply = await request()
            monitor.received(reply.response, from: endpoint)
            switch reply.response {
            case .rateLimited: await gate?.observe(.rateLimited(reply.rateLimit))
            case .transportError: break
            default: await gate?.observe(.answered(reply.rateLimit))
            }
            let response = reply.response
            switch response {
            case .acknowledged, .rejected, .unauthorized:
                return .answered(response, attempts: attempt)
            case .serverError, .transportError:
                uncertain = true
                if Task.isCancelled { return .stopped("cancelled", uncertain: uncertain) }
                if let settled = await beforeResend(response) { return .settled(settled) }
                // Settled as not applied: sending it again is safe.
                uncertain = false
            case .rateLimited:
                break
            }
            guard let delay = retry.delay(afterAttempt: attempt, random: Double.random(in: 0..<1)) else {
                logger.debug("giving up", metadata: ["endpoint": "\(endpoint.name)", "attempts": "\(attempt)", "reason": "\(response.summary)"])
                return .answered(response, attempts: attempt)
            }
            logger.debug("retrying", metadata: [
                "endpoint": "\(endpoint.name)", "attempt": "\(attempt + 1)", "reason": "\(response.summary)",
                "delayMs": "\(Int(delay.seconds * 1000))",
            ])
            do { try await Task.sleep(for: delay) } catch { return .stopped("cancelled", uncertain: uncertain) }
        }
    }
}
