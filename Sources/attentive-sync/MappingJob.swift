import Foundation
import Logging
import SyncCore

/// A mapping's sync as the commands drive it, whatever the mapping's kind: customer targets
/// (`SyncJob`), a product catalog (`CatalogJob`) or events (`EventJob`). `LoadedMapping.job` picks the one for a
/// mapping; the commands call it without asking which.
protocol MappingJob: Sendable {
    /// `plan`: reads the source and diffs it against the state, for a report. Writes nothing.
    func planForReport(full: Bool) async throws -> Plan
    /// `baseline`: plans, then records the plan as already synced. Sends nothing.
    func baseline() async throws -> (Plan, RunSummary)
    /// `run`: plans, checks the guards, sends, records; the exit status.
    func run(_ command: RunCommand, client: AttentiveClient, watch: RunWatch) async throws -> ExitStatus
}

extension LoadedMapping {
    /// The job for this mapping against `state`, with the catalog's options for a catalog mapping.
    func job(state: any StateStore, logger: Logger, catalog: CatalogOptions, events: EventOptions, diff: DiffOptions) -> any MappingJob {
        switch self {
        case .customers(let customers): SyncJob(mapping: customers, state: state, logger: logger, diffInDatabase: diff.diffInDatabase)
        case .catalog(let products): catalog.job(products, state: state, logger: logger)
        case .events(let mapping): events.job(mapping, state: state, logger: logger)
        }
    }

    /// `validate`: checks the mapping's source has every mapped column, reading no rows (a query
    /// is prepared, not run); what was checked, in words.
    func check() async throws -> String {
        switch self {
        case .customers(let mapping):
            let source = try await cancellingOnInterrupt { try await SyncJob.checkSource(of: mapping) }
            return "mapping '\(mapping.name)', \(mapping.customAttributes.count) custom attributes, source \(source.source) (\(source.columns) columns)"
        case .catalog(let catalog):
            let source = try SourceOpener.open(catalog.source)
            let columns = try CatalogPlanner.checkColumns(of: catalog, in: source)
            return "catalog mapping '\(catalog.name)', \(columns) mapped columns, source \(source.description) "
                + "(\(source.columns.count) columns)\(catalog.validateOnly ? ", validate only" : "")"
        case .events(let events):
            let source = try await cancellingOnInterrupt { try await EventJob.checkSource(of: events) }
            let kinds = (events.customEvents.isEmpty ? [] : ["\(events.customEvents.count) custom events"]) + events.ecommerce.map(\.kind.rawValue)
            return "events mapping '\(events.name)', \(kinds.joined(separator: ", ")), source \(source.source) (\(source.columns) columns)"
        }
    }
}

extension SyncJob: MappingJob {
    func planForReport(full: Bool) async throws -> Plan {
        try await cancellingOnInterrupt { try await self.plan(full: full, settling: false) }
    }

    func baseline() async throws -> (Plan, RunSummary) {
        let plan = try await cancellingOnInterrupt { try await self.plan(full: false) }
        return (plan, try baseline(plan))
    }

    func run(_ command: RunCommand, client: AttentiveClient, watch: RunWatch) async throws -> ExitStatus {
        let sender = Sender(api: client, configuration: command.send.configuration, logger: watch.logger)
        try await cancellingOnInterrupt { try await settleEarlierRuns(sender: sender) }
        let plan = try await cancellingOnInterrupt { [full = command.full] in try await self.plan(full: full) }
        if let refused = try command.refuse(plan, state: state, watch: watch) { return refused }
        let display = ProgressDisplay(logger: watch.logger)
        let interval = display.interval(.milliseconds(Int64(command.progressInterval * 1000)))
        let outcome = try await command.whileStoppable(sender.monitor) {
            try await run(plan, sender: sender, mode: command.send.sendMode, bulkThreshold: command.send.bulkThreshold,
                          progressInterval: interval) { progress in
                display.show(progress)
                watch.update(progress)
            }
        }
        return try command.conclude(plan, outcome: outcome, watch: watch)
    }
}

extension CatalogJob: MappingJob {
    func planForReport(full: Bool) async throws -> Plan {
        try plan(full: full, writingFiles: false).plan
    }

    func baseline() async throws -> (Plan, RunSummary) {
        let plan = try self.plan()
        return (plan.plan, try baseline(plan))
    }

    /// Plans, uploads the changed products, records what Attentive took.
    func run(_ command: RunCommand, client: AttentiveClient, watch: RunWatch) async throws -> ExitStatus {
        let plan = try self.plan(full: command.full)
        if let refused = try command.refuse(plan.plan, state: state, watch: watch) { return refused }
        let uploader = CatalogUploader(api: client, configuration: command.catalog.configuration(retry: command.send.configuration.retry),
                                       logger: watch.logger)
        let onTerminal = isatty(STDERR_FILENO) == 1
        let outcome = try await command.whileStoppable(uploader.monitor) {
            try await run(plan, uploader: uploader) { progress in
                if onTerminal { printError(progress.description) } else { watch.logger.info("\(progress.description)") }
            }
        }
        return try command.conclude(plan.plan, outcome: outcome, watch: watch)
    }
}

extension EventJob: MappingJob {
    func planForReport(full: Bool) async throws -> Plan {
        try Self.refuseFull(full)
        return try await cancellingOnInterrupt { try await self.plan() }.plan
    }

    func baseline() async throws -> (Plan, RunSummary) {
        let planned = try await cancellingOnInterrupt { try await self.plan() }
        return (planned.plan, try baseline(planned))
    }

    /// Settles an interrupted run's events, plans, checks the guards, sends, records.
    func run(_ command: RunCommand, client: AttentiveClient, watch: RunWatch) async throws -> ExitStatus {
        try Self.refuseFull(command.full)
        let sender = Sender(api: client, configuration: command.send.configuration, logger: watch.logger)
        try await cancellingOnInterrupt { try await settleEarlierRuns(sender: sender) }
        let planned = try await cancellingOnInterrupt { try await self.plan() }
        if let refused = try command.refuse(planned.plan, state: state, watch: watch) { return refused }
        let display = ProgressDisplay(logger: watch.logger)
        let interval = display.interval(.milliseconds(Int64(command.progressInterval * 1000)))
        let outcome = try await command.whileStoppable(sender.monitor) {
            try await run(planned, sender: sender, progressInterval: interval) { progress in
                display.show(progress)
                watch.update(progress)
            }
        }
        return try command.conclude(planned.plan, outcome: outcome, watch: watch)
    }

    /// Events are sent once in their lifetime: there is no backfill of them.
    static func refuseFull(_ full: Bool) throws {
        if full { throw ConfigurationError("--full does not apply to an events mapping: each event is sent once (--resend-unknown sends those whose answer was lost)") }
    }
}
