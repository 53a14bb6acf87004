import Logging
import Synchronization

/// Sends a plan's changes: each endpoint within its own learned rate budget and side by side,
/// up to its concurrency in flight, through the one retry loop; a 4xx is the record's failure.
/// Acknowledged changes go to the state in batches, only after Attentive acknowledged them.
///
/// Subscribes and unsubscribes text the person, so they are sent at most once: the intent is
/// recorded before the request, and an answer lost to a timeout, a dropped connection or a 5xx
/// is settled by asking Attentive (`GET /subscriptions`), `settleDelay` later, before anything
/// is sent again; an answer of another shape leaves it unknown, for the next run to settle.
///
/// `monitor.stop(_:)` (a signal) makes every worker take no new change; requests in flight
/// finish and are recorded.
public struct Sender: Sendable {
    public let api: any AttentiveAPI
    public let configuration: SenderConfiguration
    public let monitor: SendMonitor
    public let logger: Logger
    let requests: RequestLoop

    public init(api: any AttentiveAPI, configuration: SenderConfiguration = .init(), monitor: SendMonitor? = nil, logger: Logger) {
        self.api = api
        self.configuration = configuration
        self.logger = logger
        let monitor = monitor ?? SendMonitor(configuration: configuration)
        self.monitor = monitor
        requests = RequestLoop(api: api, gates: RateGates(configuration: configuration), retry: configuration.retry,
                               monitor: monitor, logger: logger)
    }

    /// Where acknowledged changes and intents are recorded.
    public struct Ledger: Sendable {
        public var state: any StateStore
        public var mapping: String
        /// Records (`Ledger.name(scope:key:)`) whose last request's outcome is still to be
        /// learned: in a bulk job, or a subscribe Attentive has yet to show. Not sent again.
        public var held: Set<String>

        public init(state: any StateStore, mapping: String, held: Set<String> = []) {
            self.state = state
            self.mapping = mapping
            self.held = held
        }

        static func name(scope: Scope, key: String) -> String { scope.stored + "\u{1F}" + key }

        func holds(_ change: Change) -> Bool {
            !held.isEmpty && held.contains(Self.name(scope: change.acknowledged.scope, key: change.key))
        }
    }

    /// The outcome of one change after all its attempts.
    enum Delivery: Equatable {
        case acknowledged(note: String?)
        case failed(String)
        /// Not done and not failed: the run is stopping (its intent, if any, is settled next run).
        case notAttempted
        /// Sent, its outcome still to be learned: the next run settles it. Why, for the report.
        case pending(String)
    }

    var check: SubscriptionCheck { SubscriptionCheck(requests: requests) }

    /// Sends `changes`, recording each acknowledged one in `ledger`. `report` is called about
    /// every `progressInterval` while sending.
    /// `bulk`: custom attributes, subscribes and identity links go in v2 bulk jobs (`Sender+Bulk`);
    /// segment members always do, having no other form.
    public func send(
        _ changes: ChangeSpool,
        ledger: Ledger,
        bulk: Bool = false,
        progressInterval: Duration = .seconds(10),
        report: @escaping @Sendable (SendProgress) -> Void = { _ in }
    ) async -> SendResult {
        var perEndpoint: [Endpoint: Int] = [:]
        var bulkChanges = 0
        for change in changes {
            if ledger.holds(change) {
                record(.pending("an earlier run's bulk job or lost subscribe is not settled yet: not sent again"), change: change)
            } else if (bulk && BulkRecord.carries(change)) || change.request.isSegmentMember {
                bulkChanges += 1
            } else {
                perEndpoint[change.endpoint, default: 0] += 1
            }
        }
        monitor.withTally { tally in
            changes.forEachEntry { tally.result.targets[$0.target, default: .init()].planned += 1 }
        }
        let buffer = AcknowledgementBuffer(ledger: ledger)
        let clock = ContinuousClock()
        let start = clock.now

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Writes acknowledgements a few times a second; reports every `progressInterval`.
                var nextReport = start + progressInterval
                while !Task.isCancelled {
                    try? await Task.sleep(for: min(progressInterval, .milliseconds(250)))
                    if Task.isCancelled { break }
                    flush(buffer)
                    if clock.now >= nextReport {
                        report(monitor.progress(elapsed: clock.now - start))
                        nextReport = clock.now + progressInterval
                    }
                }
            }
            await withTaskGroup(of: Void.self) { workers in
                if bulkChanges > 0 { workers.addTask { await sendInBulk(changes, ledger: ledger, users: bulk) } }
                for (endpoint, count) in perEndpoint {
                    let queue = EndpointQueue(changes, endpoint: endpoint, ledger: ledger)
                    for _ in 0..<max(1, min(configuration.concurrency(for: endpoint), count)) {
                        workers.addTask {
                            while monitor.stopReason == nil, let change = queue.next() {
                                let delivery = await deliver(change, buffer: buffer, ledger: ledger)
                                record(delivery, change: change)
                            }
                        }
                    }
                }
            }
            group.cancelAll()
        }
        flush(buffer)
        return monitor.withTally { tally in
            tally.result.sendDuration = clock.now - start
            tally.result.notAttempted = changes.count - tally.result.acknowledged - tally.result.failures.count - tally.result.pending
            return tally.result
        }
    }

    func flush(_ buffer: AcknowledgementBuffer) {
        do { try buffer.flush() } catch { monitor.abort("cannot record in the state: \(error)") }
    }

    func record(_ delivery: Delivery, change: Change) {
        record(delivery, target: change.target, key: change.key)
    }

    /// `inRow: false` for a bulk job's record refused in its results: one record's verdict,
    /// not a sign the API is failing.
    func record(_ delivery: Delivery, target: Target, key: String, inRow: Bool = true) {
        monitor.withTally { tally in
            switch delivery {
            case .acknowledged(let note):
                tally.result.acknowledged += 1
                tally.result.targets[target, default: .init()].sent += 1
                tally.consecutiveFailures = 0
                if let note { tally.result.notes.append(ChangeNote(key: key, target: target, note: note)) }
            case .failed(let reason):
                tally.result.failures.append(RecordFailure(target: target, key: key, reason: reason))
                tally.result.targets[target, default: .init()].failed += 1
                guard inRow else { return }
                tally.consecutiveFailures += 1
                if tally.consecutiveFailures >= configuration.abortAfterConsecutiveFailures, tally.stopReason == nil {
                    tally.stop(because: "\(tally.consecutiveFailures) records in a row failed (last: \(reason))")
                }
            case .pending(let reason):
                tally.result.pending += 1
                tally.result.targets[target, default: .init()].pending += 1
                tally.result.notes.append(ChangeNote(key: key, target: target, note: "pending: " + reason))
            case .notAttempted:
                break
            }
        }
    }

    /// One change, with retries; its state is recorded once Attentive acknowledges it.
    func deliver(_ change: Change, buffer: AcknowledgementBuffer, ledger: Ledger) async -> Delivery {
        do {
            if change.checkFirst, let subscription = change.subscription {
                guard let subscribed = await check.isSubscribed(subscription) else {
                    return monitor.stopReason != nil ? .notAttempted : .failed("could not ask Attentive whether the person is subscribed")
                }
                if !subscribed {
                    var optedOut = change.acknowledged
                    optedOut.payload = SubscriptionTarget.payload(.optedOut, address: subscription.address)
                    try buffer.add(optedOut)
                    return .acknowledged(note: "not subscribed: nothing sent")
                }
            }
            let intent = change.needsIntent ? try ledger.state.recordIntent(mapping: ledger.mapping, change) : nil
            let outcome: RequestLoop.Outcome<Delivery> = await requests.send(change.endpoint, body: change.body) { response in
                // An eCommerce event has no id Attentive could drop a repeat by: it is not sent again.
                if let kind = change.target.eventKind, !kind.deduplicated {
                    return lost(change, response: response, buffer: buffer, intent: intent)
                }
                // The request may have taken effect, or still be landing: settle a subscription,
                // once it has had time to land, before sending it again.
                guard let subscription = change.subscription else { return nil }
                try? await Task.sleep(for: configuration.settleDelay)
                if Task.isCancelled { return .notAttempted }
                guard let subscribed = await check.isSubscribed(subscription) else {
                    return .failed("\(response.summary); whether it took effect is unknown until Attentive shows it: checked next run")
                }
                guard subscribed == (change.operation == .subscribe) else { return nil }
                do {
                    try buffer.add(change.acknowledged, resolving: intent)
                } catch {
                    monitor.abort("cannot record in the state: \(error)")
                    return .notAttempted
                }
                return .acknowledged(note: "answer lost (\(response.summary)); Attentive shows it applied")
            }
            switch outcome {
            case .answered(.acknowledged(_, let body), _):
                try buffer.add(change.acknowledged, resolving: intent)
                return .acknowledged(note: change.operation == .subscribe ? SubscriptionCheck.creationStatus(in: body) : nil)
            case .answered(.unauthorized(let status), _):
                if let intent { try ledger.state.dropIntent(intent) }
                monitor.abort(APIResponse.unauthorized(status: status).summary)
                return .notAttempted
            case .answered(let response, let attempts):
                // Refused, or out of attempts after 429s or a check that found it not applied: nothing took effect.
                if let intent { try ledger.state.dropIntent(intent) }
                if case .rejected = response { return .failed(response.summary) }
                return .failed("\(response.summary) (after \(attempts) attempts)")
            case .settled(let delivery):
                return delivery
            case .stopped(_, let uncertain):
                if let intent, !uncertain { try ledger.state.dropIntent(intent) }
                return .notAttempted
            }
        } catch {
            monitor.abort("cannot record in the state: \(error)")
            return .notAttempted
        }
    }
}

extension Sender {
    /// An event whose answer was lost: recorded as unknown, so no run sends it again unless the
    /// operator says so (`--resend-unknown`); a failure of this run.
    func lost(_ change: Change, response: APIResponse, buffer: AcknowledgementBuffer, intent: Int64?) -> Delivery {
        var unknown = change.acknowledged
        unknown.payload = EventPlanner.unknownPayload
        do {
            try buffer.add(unknown, resolving: intent)
        } catch {
            monitor.abort("cannot record in the state: \(error)")
            return .notAttempted
        }
        return .failed("\(response.summary): whether Attentive took the event is unknown; not sent again (--resend-unknown sends it)")
    }
}

/// Hands out one endpoint's changes, in the plan's order, to its workers, each once; not those
/// the ledger holds.
final class EndpointQueue: Sendable {
    private let endpoint: Endpoint
    private let ledger: Sender.Ledger
    private let changes: Mutex<ChangeSpool.Iterator>

    init(_ spool: ChangeSpool, endpoint: Endpoint, ledger: Sender.Ledger) {
        self.endpoint = endpoint
        self.ledger = ledger
        changes = Mutex(spool.makeIterator())
    }

    func next() -> Change? {
        changes.withLock { changes in
            while let change = changes.next() {
                if change.endpoint == endpoint, !ledger.holds(change) { return change }
            }
            return nil
        }
    }
}
