import Logging

/// One mapping's sync, stage by stage: open the source, plan against the state, send,
/// record. The CLI's commands are thin shells around these calls.
public struct SyncJob: Sendable {
    public let mapping: Mapping
    public let state: any StateStore
    public let logger: Logger
    /// Whether a PostgreSQL source whose database also holds the state is diffed there
    /// (`PostgresDiffQuery`), so only the rows that may have changed travel.
    public var diffInDatabase: Bool

    public init(mapping: Mapping, state: any StateStore, logger: Logger, diffInDatabase: Bool = false) {
        self.mapping = mapping
        self.state = state
        self.logger = logger
        self.diffInDatabase = diffInDatabase
    }

    /// Reads the source and diffs it against the state. Sends nothing, writes nothing.
    ///
    /// The source is read on a thread of its own (a query blocks in libpq); cancelling the
    /// calling task stops the read — a running query is cancelled on the server — and
    /// throws `SourceCanceledError`.
    /// `settling: false` for a plan only reported (`Planner.plan`).
    public func plan(full: Bool = false, settling: Bool = true) async throws -> Plan {
        let cancellation = SourceCancellation()
        return try await withTaskCancellationHandler {
            try await BlockingThread.run(name: "attentive-sync plan") { [mapping, state, logger, diffInDatabase] in
                let source = try SourceOpener.open(mapping.source, cancellation: cancellation)
                var place = "client"
                if diffInDatabase, !full, let postgres = source as? PostgresSource, let store = state as? PostgresStateStore,
                   postgres.database == store.database {
                    try postgres.diffInDatabase(stateSchema: store.schema, mapping: mapping)
                    place = "database"
                }
                logger.info("planning", metadata: ["mapping": "\(mapping.name)", "source": "\(source.description)", "diff": "\(place)"])
                let plan = try state.readingSnapshot {
                    try Planner(mapping: mapping, state: state).plan(source: source, full: full, settling: settling, cancellation: cancellation)
                }
                try cancellation.check(source.description)
                if let postgres = source as? PostgresSource {
                    var metadata: Logger.Metadata = ["bytes": "\(postgres.bytesReceived)"]
                    if let prefilter = postgres.prefilter {
                        metadata["rows"] = "\(prefilter.rowCount)"
                        metadata["sent"] = "\(prefilter.rowsSent)"
                    }
                    if let store = state as? PostgresStateStore { metadata["state_bytes"] = "\(store.bytesReceived)" }
                    logger.info("read the source", metadata: metadata)
                }
                return plan
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Opens the mapping's source and checks it has every mapped column, reading no rows:
    /// a query is prepared, not run. Returns the opened source's name and column count.
    public static func checkSource(of mapping: Mapping) async throws -> (source: String, columns: Int) {
        let cancellation = SourceCancellation()
        return try await withTaskCancellationHandler {
            try await BlockingThread.run(name: "attentive-sync validate") {
                let source = try SourceOpener.open(mapping.source, cancellation: cancellation)
                _ = try RecordBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
                return (source.description, source.columns.count)
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Settles what earlier runs left unsettled, before `plan` on a run: their bulk jobs (each
    /// looked at once; those still running stay pending, `Plan.held`), then requests left
    /// without an answer.
    public func settleEarlierRuns(sender: Sender) async throws {
        let ledger = Sender.Ledger(state: state, mapping: mapping.name)
        let submissions = try state.pendingSubmissions(mapping: mapping.name)
        var running = 0, done: [(BulkSubmission, Sender.Look.Results)] = []
        for submission in submissions {
            switch await sender.look(at: submission) {
            case .running: running += 1
            case .done(let results): done.append((submission, results))
            }
        }
        sender.settle(done, ledger: ledger, tallying: false)
        if !submissions.isEmpty {
            logger.info("looked at the bulk jobs of earlier runs", metadata: [
                "settled": "\(submissions.count - running)", "running": "\(running)",
            ])
        }
        let outcome = try await IntentResolver(sender: sender).resolve(mapping: mapping.name, state: state)
        if outcome != .init() {
            logger.info("settled requests of an interrupted run", metadata: [
                "applied": "\(outcome.applied)", "notApplied": "\(outcome.notApplied)", "waiting": "\(outcome.waiting)",
            ])
        }
    }

    /// Sends the plan's changes, recording each acknowledged one, and the run itself.
    /// The plan's `held` records are not sent again. `mode` `.auto` sends in bulk when at least
    /// `bulkThreshold` changes can go in bulk records.
    public func run(_ plan: Plan, sender: Sender, mode: SendMode = .single, bulkThreshold: Int = 10_000,
                    progressInterval: Duration = .seconds(10),
                    progress: @escaping @Sendable (SendProgress) -> Void = { _ in }) async throws -> RunOutcome {
        try await Self.run(plan, mapping: mapping.name, state: state, logger: logger, sender: sender, mode: mode,
                           bulkThreshold: bulkThreshold, progressInterval: progressInterval, progress: progress)
    }

    /// `run` for any plan of customer targets or events: its state recorded, its changes sent,
    /// the run in the history. `beforeFinishing` writes what else the run changes in the state.
    static func run(_ plan: Plan, mapping: String, state: any StateStore, logger: Logger, sender: Sender, mode: SendMode,
                    bulkThreshold: Int, progressInterval: Duration, progress: @escaping @Sendable (SendProgress) -> Void,
                    beforeFinishing: () throws -> Void = {}) async throws -> RunOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let runID = try state.beginRun(mapping: mapping, command: "run")
        var logger = logger
        logger[metadataKey: "runId"] = .stringConvertible(runID)
        try state.acknowledge(mapping: mapping, plan.refreshed)
        try state.recordDigests(mapping: mapping, plan.unchangedSettledRows)
        try state.recordRejections(mapping: mapping, plan.rejectedRows)
        let ledger = Sender.Ledger(state: state, mapping: mapping, held: plan.held)
        let bulk = mode.sendsInBulk(plan.changes, ledger: ledger, threshold: bulkThreshold)
        logger.info("sending", metadata: ["changes": .stringConvertible(plan.changes.count), "mode": "\(bulk ? "bulk" : "single")"])
        let result = await sender.send(plan.changes, ledger: ledger, bulk: bulk, progressInterval: progressInterval) { snapshot in
            var snapshot = snapshot
            snapshot.runID = runID
            progress(snapshot)
        }
        try beforeFinishing()
        var summary = RunSummary(plan: plan)
        summary.command = "run"
        summary.sent = result.acknowledged
        summary.failed = result.failures.count
        summary.durationMilliseconds = Int((clock.now - start).nanoseconds / 1e6)
        summary.status = RunSummary.Status(result, rejected: plan.rejected.count)
        try state.finishRun(id: runID, summary: summary, failures: result.failures)
        summary.id = runID
        logger.info("run finished", metadata: [
            "status": "\(summary.status.rawValue)", "sent": .stringConvertible(summary.sent),
            "failed": .stringConvertible(summary.failed), "notAttempted": .stringConvertible(result.notAttempted),
            "pending": .stringConvertible(result.pending),
        ])
        return RunOutcome(summary: summary, result: result)
    }

    /// Records the plan's records as already acknowledged, sending nothing.
    public func baseline(_ plan: Plan) throws -> RunSummary {
        try Self.baseline(plan, mapping: mapping.name, state: state)
    }

    static func baseline(_ plan: Plan, mapping: String, state: any StateStore) throws -> RunSummary {
        let runID = try state.beginRun(mapping: mapping, command: "baseline")
        try state.acknowledge(mapping: mapping, plan.changes.map(\.acknowledged) + plan.refreshed)
        try state.recordDigests(mapping: mapping, plan.settledRows)
        try state.recordRejections(mapping: mapping, plan.rejectedRows)
        var summary = RunSummary(plan: plan)
        summary.command = "baseline"
        summary.status = .succeeded
        try state.finishRun(id: runID, summary: summary, failures: [])
        summary.id = runID
        return summary
    }
}

/// A finished run: what was planned and what became of it.
public struct RunOutcome: Sendable {
    public var summary: RunSummary
    public var result: SendResult

    /// 0 all done, 1 some records rejected or failed, 3 aborted.
    public var exitStatus: ExitStatus {
        if result.abortReason != nil { return .aborted }
        return summary.failed > 0 || summary.rejected > 0 ? .partial : .success
    }
}

/// The tool's exit statuses (SPEC).
public enum ExitStatus: Int32, Sendable {
    /// Everything planned was done.
    case success = 0
    /// The run finished but some records were rejected or failed.
    case partial = 1
    /// Usage or mapping error; nothing sent.
    case usage = 2
    /// Aborted: key refused, source unreadable, too many failures, another run in progress,
    /// a guard against a mass change, stopped by a signal.
    case aborted = 3
}

extension RunSummary.Status {
    /// How a send ended, for the history.
    public init(_ result: SendResult, rejected: Int) {
        if result.interrupted { self = .interrupted }
        else if result.abortReason != nil { self = .aborted }
        else { self = result.failures.isEmpty && rejected == 0 ? .succeeded : .completedWithFailures }
    }
}

extension RunSummary {
    /// The plan's counts, before anything is sent.
    /// Creates, updates, deletes and unchanged records are summed over the targets.
    public init(plan: Plan) {
        self.init(rejected: plan.rejected.count, duplicates: plan.duplicates.count)
        for (_, counts) in plan.targetCounts {
            creates += counts.create
            updates += counts.update
            deletes += counts.delete
            unchanged += counts.unchanged
        }
    }
}
