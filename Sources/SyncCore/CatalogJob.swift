import Logging

/// One catalog mapping's sync, stage by stage: group and diff the source against the
/// state, upload the changed products, record what Attentive took. The CLI's commands
/// call this for a mapping with a `catalog` block, as they call `SyncJob` for customers.
public struct CatalogJob: Sendable {
    public let mapping: CatalogMapping
    public let state: any StateStore
    public let logger: Logger
    public var fileLimits: CatalogFileLimits
    /// Bytes of rows grouped in memory before sorted runs go to disk.
    public var memoryBudget: Int

    public init(mapping: CatalogMapping, state: any StateStore, logger: Logger,
                fileLimits: CatalogFileLimits = .attentive, memoryBudget: Int = CatalogPlanner.defaultMemoryBudget) {
        self.mapping = mapping
        self.state = state
        self.logger = logger
        self.fileLimits = fileLimits
        self.memoryBudget = memoryBudget
    }

    /// Reads the source and diffs it against the state. Uploads nothing, records nothing;
    /// the upload files live in a temporary folder as long as the plan (none are written
    /// without `writingFiles`: for `plan`, which only reports).
    public func plan(full: Bool = false, writingFiles: Bool = true) throws -> CatalogPlan {
        let source = try SourceOpener.open(mapping.source)
        logger.info("planning", metadata: ["mapping": "\(mapping.name)", "source": "\(source.description)"])
        let plan = try state.readingSnapshot {
            try CatalogPlanner(mapping: mapping, state: state, fileLimits: fileLimits, memoryBudget: memoryBudget)
                .plan(source: source, full: full, writingFiles: writingFiles)
        }
        logger.debug("catalog planned", metadata: [
            "products": "\(plan.productsRead)", "changes": "\(plan.plan.changes.count)",
            "files": "\(plan.files.files.count)", "spilledRuns": "\(plan.spilledRuns)",
        ])
        return plan
    }

    /// Uploads the plan's files, recording each product Attentive took, and the run itself.
    public func run(_ plan: CatalogPlan, uploader: CatalogUploader,
                    progress: @escaping @Sendable (CatalogUploadProgress) -> Void = { _ in }) async throws -> RunOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let runID = try state.beginRun(mapping: mapping.name, command: "run")
        try state.recordDigests(mapping: mapping.name, plan.plan.unchangedSettledRows)
        let result = await uploader.upload(plan, validateOnly: mapping.validateOnly,
                                           ledger: Sender.Ledger(state: state, mapping: mapping.name), report: progress)
        var summary = RunSummary(plan: plan.plan)
        summary.command = "run"
        summary.sent = result.acknowledged
        summary.failed = result.failures.count
        summary.durationMilliseconds = Int((clock.now - start).nanoseconds / 1e6)
        summary.status = RunSummary.Status(result, rejected: plan.plan.rejected.count)
        try state.finishRun(id: runID, summary: summary, failures: result.failures)
        summary.id = runID
        return RunOutcome(summary: summary, result: result)
    }

    /// Records every planned product as already uploaded (a removed one as forgotten), sending nothing.
    public func baseline(_ plan: CatalogPlan) throws -> RunSummary {
        let runID = try state.beginRun(mapping: mapping.name, command: "baseline")
        var batch: [AcknowledgedRecord] = []
        var changes = plan.plan.changes.makeIterator()
        try plan.files.forEachLine { index, line in
            precondition(changes.position == index, "the upload files hold the changes in order")
            let change = changes.next()!
            batch.append(AcknowledgedRecord(scope: .product, key: change.key, fingerprint: change.acknowledged.fingerprint,
                                            payload: change.operation == .delete ? nil : line))
            if batch.count >= 5000 {
                try state.acknowledge(mapping: mapping.name, batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try state.acknowledge(mapping: mapping.name, batch)
        try state.recordDigests(mapping: mapping.name, plan.plan.settledRows)
        var summary = RunSummary(plan: plan.plan)
        summary.command = "baseline"
        summary.status = .succeeded
        try state.finishRun(id: runID, summary: summary, failures: [])
        summary.id = runID
        return summary
    }
}
