import Logging
import Synchronization

/// Sends a plan's changes: each endpoint within its rate budget, `concurrency` requests in
/// flight, 429/5xx/transport errors retried with backoff, 4xx recorded as the record's failure.
/// Each acknowledged change is written to the state at once; nothing else is.
public struct Sender: Sendable {
    public let client: AttentiveClient
    public let configuration: SenderConfiguration
    public let logger: Logger

    public init(client: AttentiveClient, configuration: SenderConfiguration = .init(), logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// The outcome of one change after all its attempts.
    enum Delivery {
        case acknowledged
        case failed(String)
        case abort(String)
    }

    /// Shared progress of one `send` call.
    struct Progress {
        var next = 0
        var result = SendResult()
        var consecutiveFailures = 0
    }

    /// The progress, shared by the workers of one `send` call.
    final class SharedProgress: Sendable {
        let mutex = Mutex(Progress())
        func withLock<T>(_ body: (inout Progress) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    /// Sends `changes` and records each acknowledged one with `acknowledge` (the state write).
    /// `report` is called about every `progressInterval` while sending.
    public func send(
        _ changes: [Change],
        progressInterval: Duration = .seconds(10),
        report: @escaping @Sendable (SendProgress) -> Void = { _ in },
        acknowledge: @escaping @Sendable (Change) throws -> Void
    ) async -> SendResult {
        let gate = RateGate(rate: configuration.rate(for: .customAttributes))
        let progress = SharedProgress()
        let clock = ContinuousClock()
        let start = clock.now
        let workers = max(1, min(configuration.concurrency, changes.count))

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: progressInterval)
                    if Task.isCancelled { break }
                    let done = progress.withLock { $0.result.acknowledged + $0.result.failures.count }
                    report(SendProgress(done: done, total: changes.count, elapsed: clock.now - start))
                }
            }
            await withTaskGroup(of: Void.self) { inner in
                for _ in 0..<workers {
                    inner.addTask {
                        while let change = progress.withLock({ state -> Change? in
                            guard state.result.abortReason == nil, state.next < changes.count else { return nil }
                            state.next += 1
                            return changes[state.next - 1]
                        }) {
                            let delivery = await deliver(change, through: gate)
                            let outcome = recordable(delivery, change: change, acknowledge: acknowledge)
                            progress.withLock { record(outcome, change: change, in: &$0) }
                        }
                    }
                }
            }
            group.cancelAll()
        }
        var result = progress.withLock { $0.result }
        result.notAttempted = changes.count - result.acknowledged - result.failures.count
        return result
    }

    /// Writes the state for an acknowledged change; a failed write turns the delivery into an abort.
    func recordable(_ delivery: Delivery, change: Change, acknowledge: @Sendable (Change) throws -> Void) -> Delivery {
        guard case .acknowledged = delivery else { return delivery }
        do {
            try acknowledge(change)
            return .acknowledged
        } catch {
            return .abort("cannot record an acknowledged change in the state: \(error)")
        }
    }

    func record(_ delivery: Delivery, change: Change, in state: inout Progress) {
        switch delivery {
        case .acknowledged:
            state.result.acknowledged += 1
            state.consecutiveFailures = 0
        case .failed(let reason):
            state.result.failures.append(RecordFailure(target: change.target, key: change.key, reason: reason))
            state.consecutiveFailures += 1
            if state.consecutiveFailures >= configuration.abortAfterConsecutiveFailures, state.result.abortReason == nil {
                state.result.abortReason = "\(state.consecutiveFailures) records in a row failed (last: \(reason))"
            }
        case .abort(let reason):
            if state.result.abortReason == nil { state.result.abortReason = reason }
        }
    }

    /// One change, with retries.
    func deliver(_ change: Change, through gate: RateGate) async -> Delivery {
        let body = RequestBody.customAttributes(change)
        var attempt = 0
        while true {
            attempt += 1
            do { try await gate.acquire() } catch { return .abort("cancelled") }
            let response = await client.send(.customAttributes, body: body)
            switch response {
            case .acknowledged:
                return .acknowledged
            case .unauthorized:
                return .abort(response.summary)
            case .rejected:
                return .failed(response.summary)
            case .rateLimited, .serverError, .transportError:
                guard let delay = configuration.retry.delay(afterAttempt: attempt, random: Double.random(in: 0..<1)) else {
                    logger.debug("giving up after \(attempt) attempts", metadata: ["response": "\(response.summary)"])
                    return .failed("\(response.summary) (after \(attempt) attempts)")
                }
                if response == .rateLimited { await gate.pause(for: delay) }
                try? await Task.sleep(for: delay)
            }
        }
    }
}
