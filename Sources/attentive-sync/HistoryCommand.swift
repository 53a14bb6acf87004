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

    func run() async throws {
        try await failing {
            let name = try MappingLoader.loadAny(path: mapping).name
            let state = try common.openState()
            let runs = try state.runs(mapping: name, limit: limit)
            if runs.isEmpty { print("No runs of \(name) in \(state.path).") }
            for run in runs {
                print("#\(run.id) \(run.startedAt) \(run.command) \(run.status.rawValue) in \(run.durationMilliseconds) ms: "
                      + "\(run.creates) create, \(run.updates) update, \(run.deletes) delete, \(run.unchanged) unchanged, "
                      + "\(run.rejected) rejected, \(run.duplicates) duplicate, sent \(run.sent), failed \(run.failed)")
                if failures {
                    for failure in try state.failures(runID: run.id) { print("    \(failure.key): \(failure.reason)") }
                }
            }
            return .success
        }
    }
}
