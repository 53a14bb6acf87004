import Logging
import Synchronization

/// Sends a plan's changes: each endpoint within its own rate budget and side by side,
/// `concurrency` requests in flight per endpoint, 429/5xx/transport errors retried with backoff,
/// 4xx recorded as the record's failure. Each acknowledged change is written to the state at once.
///
/// Subscribes and unsubscribes text the person, so they are sent at most once: the intent is
/// recorded before the request, and an answer lost to a timeout or a dropped connection is
/// settled by asking Attentive (`GET /subscriptions`) before anything is sent again.
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
        case acknowledged(note: String?)
        case failed(String)
        case abort(String)
    }

    /// Progress shared by the workers of one `send` call.
    struct Progress {
        var next: [Endpoint: Int] = [:]
        var result = SendResult()
        var consecutiveFailures = 0
        var done: Int { result.acknowledged + result.failures.count }
    }

    final class SharedProgress: Sendable {
        let mutex = Mutex(Progress())
        func withLock<T>(_ body: (inout Progress) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    /// Where acknowledged changes and intents are recorded.
    public struct Ledger: Sendable {
        public var state: StateStore
        public var mapping: String

        public init(state: StateStore, mapping: String) {
            self.state = state
            self.mapping = mapping
        }
    }

    /// Sends `changes`, recording each acknowledged one in `ledger`. `report` is called about
    /// every `progressInterval` while sending.
    public func send(
        _ changes: [Change],
        ledger: Ledger,
        progressInterval: Duration = .seconds(10),
        report: @escaping @Sendable (SendProgress) -> Void = { _ in }
    ) async -> SendResult {
        let groups = Dictionary(grouping: changes, by: \.endpoint)
        let progress = SharedProgress()
        let check = SubscriptionCheck(client: client, gate: RateGate(rate: configuration.rate(for: .subscriptions)),
                                      retry: configuration.retry)
        let clock = ContinuousClock()
        let start = clock.now

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: progressInterval)
                    if Task.isCancelled { break }
                    report(SendProgress(done: progress.withLock(\.done), total: changes.count, elapsed: clock.now - start))
                }
            }
            await withTaskGroup(of: Void.self) { workers in
                for (endpoint, queue) in groups {
                    let gate = RateGate(rate: configuration.rate(for: endpoint))
                    for _ in 0..<max(1, min(configuration.concurrency, queue.count)) {
                        workers.addTask {
                            while let change = progress.withLock({ state -> Change? in
                                let next = state.next[endpoint, default: 0]
                                guard state.result.abortReason == nil, next < queue.count else { return nil }
                                state.next[endpoint] = next + 1
                                return queue[next]
                            }) {
                                let delivery = await deliver(change, through: gate, check: check, ledger: ledger)
                                progress.withLock { record(delivery, change: change, in: &$0) }
                            }
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

    func record(_ delivery: Delivery, change: Change, in state: inout Progress) {
        switch delivery {
        case .acknowledged(let note):
            state.result.acknowledged += 1
            state.consecutiveFailures = 0
            if let note { state.result.notes.append(ChangeNote(key: change.key, target: change.target, note: note)) }
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

    /// One change, with retries; its state is written here when Attentive acknowledges it.
    func deliver(_ change: Change, through gate: RateGate, check: SubscriptionCheck, ledger: Ledger) async -> Delivery {
        do {
            if change.checkFirst, let subscription = change.subscription {
                guard let subscribed = await check.isSubscribed(subscription) else {
                    return .failed("could not ask Attentive whether the person is subscribed")
                }
                if !subscribed {
                    var optedOut = change.acknowledged
                    optedOut.payload = Planner.subscriptionPayload(.optedOut, address: subscription.address)
                    try ledger.state.acknowledge(mapping: ledger.mapping, [optedOut])
                    return .acknowledged(note: "not subscribed: nothing sent")
                }
            }
            let intent = change.needsIntent ? try ledger.state.recordIntent(mapping: ledger.mapping, change) : nil
            var attempt = 0
            while true {
                attempt += 1
                do { try await gate.acquire() } catch { return .abort("cancelled") }
                let response = await client.send(change.endpoint, body: change.body)
                switch response {
                case .acknowledged(_, let body):
                    try ledger.state.acknowledge(mapping: ledger.mapping, [change.acknowledged], resolvingIntent: intent)
                    return .acknowledged(note: change.operation == .subscribe ? SubscriptionCheck.creationStatus(in: body) : nil)
                case .rejected:
                    if let intent { try ledger.state.dropIntent(intent) }
                    return .failed(response.summary)
                case .unauthorized:
                    if let intent { try ledger.state.dropIntent(intent) }
                    return .abort(response.summary)
                case .serverError, .transportError:
                    // The request may have taken effect: settle a subscription before sending it again.
                    if let subscription = change.subscription {
                        guard let subscribed = await check.isSubscribed(subscription) else {
                            return .failed("\(response.summary); Attentive could not be asked whether it applied: checked next run")
                        }
                        if subscribed == (change.operation == .subscribe) {
                            try ledger.state.acknowledge(mapping: ledger.mapping, [change.acknowledged], resolvingIntent: intent)
                            return .acknowledged(note: "answer lost (\(response.summary)); Attentive shows it applied")
                        }
                    }
                    fallthrough
                case .rateLimited:
                    guard let delay = configuration.retry.delay(afterAttempt: attempt, random: Double.random(in: 0..<1)) else {
                        logger.debug("giving up after \(attempt) attempts", metadata: ["response": "\(response.summary)"])
                        // Nothing of this change took effect (a subscription was just checked): forget the intent.
                        if let intent { try ledger.state.dropIntent(intent) }
                        return .failed("\(response.summary) (after \(attempt) attempts)")
                    }
                    if response == .rateLimited { await gate.pause(for: delay) }
                    try? await Task.sleep(for: delay)
                }
            }
        } catch {
            return .abort("cannot record in the state: \(error)")
        }
    }
}
