import Foundation
import Logging

/// One events mapping's sync, stage by stage: settle what an interrupted run left unknown, plan
/// the events never sent, send them, record each one Attentive acknowledged, forget ids past
/// their retention. The CLI's commands call this for an events mapping, as they call `SyncJob`
/// for customers.
public struct EventJob: Sendable {
    public let mapping: EventMapping
    public let state: any StateStore
    public let logger: Logger
    /// Send again the events whose answer was lost (`unknown`): the operator's decision.
    public var resendUnknown: Bool

    public init(mapping: EventMapping, state: any StateStore, logger: Logger, resendUnknown: Bool = false) {
        self.mapping = mapping
        self.state = state
        self.logger = logger
        self.resendUnknown = resendUnknown
    }

    /// Reads the source and plans its events against the state. Sends nothing, writes nothing.
    /// The source is read on a thread of its own; cancelling the task stops the read.
    public func plan(now: Date = Date()) async throws -> EventPlanner.Planned {
        let cancellation = SourceCancellation()
        return try await withTaskCancellationHandler {
            try await BlockingThread.run(name: "attentive-sync plan") { [mapping, state, logger, resendUnknown] in
                // An incremental query gets the last watermark as $1 (NULL the first time).
                let watermark: String?? = mapping.incremental == nil ? nil : .some(try state.watermark(mapping: mapping.name))
                let source = try SourceOpener.open(mapping.source, cancellation: cancellation, binding: watermark)
                logger.info("planning", metadata: ["mapping": "\(mapping.name)", "source": "\(source.description)"])
                let plan = try state.readingSnapshot {
                    try EventPlanner(mapping: mapping, state: state, now: now, resendUnknown: resendUnknown).plan(source: source)
                }
                try cancellation.check(source.description)
                return plan
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    /// Opens the mapping's source and checks it has every mapped column, reading no rows.
    public static func checkSource(of mapping: EventMapping) async throws -> (source: String, columns: Int) {
        try await BlockingThread.run(name: "attentive-sync validate") {
            let source = try SourceOpener.open(mapping.source, binding: mapping.incremental == nil ? nil : .some(nil))
            _ = try EventBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
            return (source.description, source.columns.count)
        }
    }

    /// Before planning a run: events an interrupted run sent without learning the answer become unknown.
    public func settleEarlierRuns(sender: Sender) async throws {
        let outcome = try await IntentResolver(sender: sender).resolve(mapping: mapping.name, state: state)
        if outcome.unknown > 0 {
            logger.warning("events of an interrupted run may or may not have reached Attentive: recorded as unknown, not sent again",
                           metadata: ["unknown": "\(outcome.unknown)"])
        }
    }

    /// Sends the plan's events, recording each acknowledged one, then forgets the ids past their retention.
    /// An incremental source's watermark moves past the events acknowledged, never past one that was not.
    public func run(_ planned: EventPlanner.Planned, sender: Sender, now: Date = Date(), progressInterval: Duration = .seconds(10),
                    progress: @escaping @Sendable (SendProgress) -> Void = { _ in }) async throws -> RunOutcome {
        try await SyncJob.run(planned.plan, mapping: mapping.name, state: state, logger: logger, sender: sender, mode: .single,
                              bulkThreshold: .max, progressInterval: progressInterval, progress: progress) {
            try recordWatermark(planned)
            try forgetExpired(now: now)
        }
    }

    func recordWatermark(_ planned: EventPlanner.Planned) throws {
        let next = try planned.watermark?.next { scope, id in
            try state.payloadText(mapping: mapping.name, scope: scope, key: id) != nil
        }
        guard let next else { return }
        try state.recordWatermark(mapping: mapping.name, next)
        logger.info("watermark moved", metadata: ["column": "\(mapping.incremental?.column ?? "")"])
    }

    /// Records every planned event as sent, sending nothing: for events Attentive already has.
    public func baseline(_ planned: EventPlanner.Planned, now: Date = Date()) throws -> RunSummary {
        let summary = try SyncJob.baseline(planned.plan, mapping: mapping.name, state: state)
        try recordWatermark(planned)
        try forgetExpired(now: now)
        return summary
    }

    func forgetExpired(now: Date) throws {
        let planner = EventPlanner(mapping: mapping, state: state, now: now)
        for kind in EventKind.allCases where planner.expires(kind) {
            let forgotten = try state.forgetRecords(mapping: mapping.name, scope: .event(kind), before: planner.retentionCutoff)
            if forgotten > 0 { logger.info("forgot the ids of events past their retention", metadata: ["kind": "\(kind.rawValue)", "forgotten": "\(forgotten)"]) }
        }
    }
}
