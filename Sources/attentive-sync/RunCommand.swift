import ArgumentParser
import Foundation
import Logging
import SyncCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Plan, then send the changes, recording each acknowledged one in the state.")

    @Argument(help: "The mapping file.")
    var mapping: String

    @Flag(help: "Backfill: resend every record, changed or not.")
    var full = false

    @Option(help: "Also write the full report (plan and result) to this file: .json for JSON, .ndjson for a change a line, .html for a page, else text.")
    var report: String?

    @OptionGroup var listing: ReportListOptions

    @Option(help: "Write Prometheus metrics (text format, for node_exporter's textfile collector) to this file during and after the run.")
    var metricsFile: String?

    @Option(help: "Seconds between progress log lines when not on a terminal.")
    var progressInterval: Double = 10

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var api: APIOptions
    @OptionGroup var send: SendOptions
    @OptionGroup var guards: GuardOptions
    @OptionGroup var lock: LockOptions
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var diff: DiffOptions
    @OptionGroup var events: EventOptions

    func validate() throws {
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be above 0") }
    }

    func run() async throws {
        try await failing {
            StopSignals.shared.install()
            var logger = logging.makeLogger()
            if let report { try OutputPath.checkWritable(report, option: "--report") }
            if let metricsFile { try OutputPath.checkWritable(metricsFile, option: "--metrics-file") }
            var configuration = try api.configuration()
            configuration.requestTimeout = send.timeout
            let loaded = try MappingLoader.loadAny(path: mapping)
            logger[metadataKey: "mapping"] = "\(loaded.name)"
            let runLock = try await lock.acquire(state: common.stateLocation, mapping: loaded.name, command: "run", logger: logger)
            defer { withExtendedLifetime(runLock) {} }
            let state = try common.openState()
            try state.markAbandonedRuns(mapping: loaded.name)
            let client = AttentiveClient(configuration: configuration, connections: send.configuration.connections)
            let watch = RunWatch(mapping: loaded.name, state: state, metricsFile: metricsFile, logger: logger)
            let status: ExitStatus
            do {
                status = try await loaded.job(state: state, logger: logger, catalog: catalog, events: events, diff: diff).run(self, client: client, watch: watch)
            } catch {
                await client.shutdown()
                watch.finish(status: ExitStatus(for: error))
                throw error
            }
            await client.shutdown()
            return status
        }
    }

    /// The guards' findings, printed; exit 3 with nothing sent when there are any.
    func refuse(_ plan: Plan, state: any StateStore, watch: RunWatch) throws -> ExitStatus? {
        watch.planned(plan)
        let findings = try guards.findings(plan, state: state)
        guard !findings.isEmpty else { return nil }
        for finding in findings { printError("refused: \(finding)") }
        watch.finish(status: .aborted)
        return .aborted
    }

    /// Runs the send so that a signal stops it cleanly: no new work, requests in flight finish
    /// within `--stop-timeout`, then whatever is left is cancelled.
    func whileStoppable(_ monitor: SendMonitor, _ body: @escaping @Sendable () async throws -> RunOutcome) async throws -> RunOutcome {
        let task = Task { try await body() }
        let timeout = Duration.milliseconds(Int64(send.stopTimeout * 1000))
        StopSignals.shared.onStop { name in
            printError("\(name): stopping — requests in flight may take \(Int(timeout.seconds)) s to finish; a second signal quits at once")
            monitor.stop("stopped by \(name)")
            Task {
                try? await Task.sleep(for: timeout)
                task.cancel()
            }
        }
        defer { StopSignals.shared.betweenSteps() }
        return try await task.value
    }

    /// Report, metrics, summary; the exit status.
    func conclude(_ plan: Plan, outcome: RunOutcome, watch: RunWatch) throws -> ExitStatus {
        if let report {
            var out = try ReportOutput(path: report)
            ReportFormat(forFile: report).write(plan, result: outcome.result, options: listing.options(comparedWith: watch.previousRun), to: &out)
        }
        var summary = ""
        ReportFormat.writeSummary(plan, options: listing.options(comparedWith: watch.previousRun, colour: TerminalColour.wanted), to: &summary)
        print(summary + RunSummaryText(outcome).text)
        watch.finish(outcome)
        return outcome.exitStatus
    }
}
