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

    @Option(help: "Also write the full report (plan and result) to this file: .json for JSON, .html for a page, else text.")
    var report: String?

    @OptionGroup var common: CommonOptions
    @OptionGroup var api: APIOptions
    @OptionGroup var send: SendOptions
    @OptionGroup var catalog: CatalogOptions

    func run() async throws {
        try await failing {
            let logger = common.makeLogger()
            let client = AttentiveClient(configuration: try api.configuration())
            let customers: Mapping
            switch try MappingLoader.loadAny(path: mapping) {
            case .customers(let loaded): customers = loaded
            case .catalog(let products): return try await runCatalog(products, client: client, logger: logger)
            }
            let job = SyncJob(mapping: customers, state: try common.openState(), logger: logger)
            _ = try await job.resolvePendingIntents(client: client, configuration: send.configuration)
            let plan = try await cancellingOnInterrupt { [full] in try await job.plan(full: full) }
            let sender = Sender(client: client, configuration: send.configuration, logger: logger)
            let onTerminal = isatty(STDERR_FILENO) == 1
            let outcome = try await job.run(plan, sender: sender, progressInterval: .seconds(onTerminal ? 1 : 10)) { progress in
                let eta = progress.secondsLeft.map { String(format: ", ETA %.0fs", $0) } ?? ""
                let line = String(format: "sent %d/%d (%.1f/s%@)", progress.done, progress.total, progress.rate, eta)
                if onTerminal { printError(line) } else { logger.info("\(line)") }
            }
            if let report {
                var out = try ReportOutput(path: report)
                ReportFormat(forFile: report).write(plan, result: outcome.result, to: &out)
            }
            print(Self.summary(outcome))
            return outcome.exitStatus
        }
    }

    /// A catalog mapping: plan, upload the changed products, record what Attentive took.
    func runCatalog(_ products: CatalogMapping, client: AttentiveClient, logger: Logger) async throws -> ExitStatus {
        let job = catalog.job(products, state: try common.openState(), logger: logger)
        let plan = try job.plan(full: full)
        let uploader = CatalogUploader(client: client, configuration: catalog.configuration(retry: send.configuration.retry), logger: logger)
        let onTerminal = isatty(STDERR_FILENO) == 1
        let outcome = try await job.run(plan, uploader: uploader) { progress in
            if onTerminal { printError(progress.description) } else { logger.info("\(progress.description)") }
        }
        if let report {
            var out = try ReportOutput(path: report)
            ReportFormat(forFile: report).write(plan.plan, result: outcome.result, to: &out)
        }
        print(Self.summary(outcome))
        return outcome.exitStatus
    }

    static func summary(_ outcome: RunOutcome) -> String {
        let s = outcome.summary
        var lines = [
            "Run \(s.id): \(s.creates) create, \(s.updates) update, \(s.deletes) delete, \(s.unchanged) unchanged, "
                + "\(s.rejected) rejected rows, \(s.duplicates) duplicate keys",
            "Sent \(s.sent), failed \(s.failed) in \(String(format: "%.1f", Double(s.durationMilliseconds) / 1000))s — \(s.status.rawValue)",
        ]
        if let reason = outcome.result.abortReason { lines.append("Aborted: \(reason)") }
        for failure in outcome.result.failures.prefix(20) {
            lines.append("  failed \(failure.key): \(failure.reason)")
        }
        if outcome.result.failures.count > 20 { lines.append("  … and \(outcome.result.failures.count - 20) more (see --report)") }
        return lines.joined(separator: "\n")
    }
}
