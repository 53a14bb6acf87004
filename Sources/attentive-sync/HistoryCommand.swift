import ArgumentParser
import Foundation
import SyncCore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Past runs of a mapping from the state: when, counts, failures, duration.")

    @Argument(help: "The mapping file.")
    var mapping: String

    @Option(help: "How many runs to show, newest first.")
    var limit = 20

    @Flag(help: "List each run's failed records too.")
    var failures = false

    @Option(help: "text (80 columns) or json.")
    var format: HistoryFormat = .text

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await failing {
            logging.bootstrap()
            let name = try MappingLoader.loadAny(path: mapping).name
            let state = try common.openState()
            let (runs, failed, pending) = try state.readingSnapshot {
                let runs = try state.runs(mapping: name, limit: limit)
                return (runs, try failures ? runs.map { try state.failures(runID: $0.id) } : [], try state.pendingSubmissions(mapping: name))
            }
            // A run recorded as running whose lock no process holds has died (kill -9, OOM, a reboot).
            let alive = try common.stateLocation.isLocked(mapping: name)
            let shown = runs.map { run in
                var run = run
                if run.status == .running && !alive { run.status = .interrupted }
                return run
            }
            switch format {
            case .text: printText(name: name, path: state.path, runs: shown, failed: failed, pending: pending)
            case .json: try printJSON(name: name, runs: shown, failed: failed, pending: pending)
            }
            return .success
        }
    }

    private func printText(name: String, path: String, runs: [RunSummary], failed: [[RecordFailure]], pending: [BulkSubmission]) {
        if runs.isEmpty { print("No runs of \(name) in \(path).") }
        for (index, run) in runs.enumerated() {
            print("#\(run.id) \(run.startedAt) \(run.command) \(run.status.rawValue), "
                  + String(format: "%.1f s", Double(run.durationMilliseconds) / 1000))
            print("    \(run.creates) create, \(run.updates) update, \(run.deletes) delete, \(run.unchanged) unchanged,")
            print("    \(run.rejected) rejected, \(run.duplicates) duplicate; sent \(run.sent), failed \(run.failed)")
            if failures {
                for failure in failed[index] { print("    \(failure.target.rawValue) \(failure.key): \(failure.reason)") }
            }
        }
        if !pending.isEmpty {
            print("Pending bulk jobs (the next run settles them): \(pending.count), "
                  + "\(pending.reduce(0) { $0 + $1.changes.count }) changes")
            for submission in pending {
                print("  \(submission.jobID ?? "(answer lost)") submitted \(submission.submittedAt.ISO8601Format()): \(submission.changes.count) changes")
            }
        }
    }

    private func printJSON(name: String, runs: [RunSummary], failed: [[RecordFailure]], pending: [BulkSubmission]) throws {
        let document: [String: Any] = [
            "mapping": name,
            "runs": runs.enumerated().map { index, run -> [String: Any] in
                var entry: [String: Any] = [
                    "id": run.id, "command": run.command, "startedAt": run.startedAt, "status": run.status.rawValue,
                    "durationSeconds": Double(run.durationMilliseconds) / 1000,
                    "create": run.creates, "update": run.updates, "delete": run.deletes, "unchanged": run.unchanged,
                    "rejected": run.rejected, "duplicate": run.duplicates, "sent": run.sent, "failed": run.failed,
                ]
                if failures {
                    entry["failures"] = failed[index].map { ["target": $0.target.rawValue, "key": $0.key, "reason": $0.reason] }
                }
                return entry
            },
            "pendingBulkJobs": pending.map { submission -> [String: Any] in
                ["jobId": submission.jobID as Any? ?? NSNull(), "submittedAt": submission.submittedAt.ISO8601Format(),
                 "changes": submission.changes.count]
            },
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

enum HistoryFormat: String, ExpressibleByArgument {
    case text, json
}
