import ArgumentParser
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
            if runs.isEmpty { print("No runs of \(name) in \(state.path).") }
            // A run recorded as running whose lock no process holds has died (kill -9, OOM, a reboot).
            let alive = RunLock.isHeld(statePath: common.state, mapping: name)
            for (index, run) in runs.enumerated() {
                let status = run.status == .running && !alive ? RunSummary.Status.interrupted : run.status
                print("#\(run.id) \(run.startedAt) \(run.command) \(status.rawValue) in \(run.durationMilliseconds) ms: "
                      + "\(run.creates) create, \(run.updates) update, \(run.deletes) delete, \(run.unchanged) unchanged, "
                      + "\(run.rejected) rejected, \(run.duplicates) duplicate, sent \(run.sent), failed \(run.failed)")
                if failures {
                    for failure in failed[index] { print("    \(failure.key): \(failure.reason)") }
                }
            }
            if !pending.isEmpty {
                print("Pending bulk jobs (the next run settles them): \(pending.count), "
                      + "\(pending.reduce(0) { $0 + $1.changes.count }) changes")
                for submission in pending {
                    print("  \(submission.jobID ?? "(answer lost)") submitted \(submission.submittedAt.ISO8601Format()): \(submission.changes.count) changes")
                }
            }
            return .success
        }
    }
}
