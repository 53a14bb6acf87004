import ArgumentParser
import Foundation
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

    func run() async throws {
        try await failing {
            let logger = common.makeLogger()
            let client = AttentiveClient(configuration: try api.configuration())
            let job = SyncJob(mapping: try MappingLoader.load(path: mapping), state: try common.openState(), logger: logger)
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
