import ArgumentParser
import SyncCore

struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the source as it is now as already synced, sending nothing.")

    @Argument(help: "The mapping file.")
    var mapping: String

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var lock: LockOptions
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var diff: DiffOptions
    @OptionGroup var events: EventOptions

    func run() async throws {
        try await failing {
            logging.bootstrap()
            let loaded = try MappingLoader.loadAny(path: mapping)
            let runLock = try await lock.acquire(state: common.stateLocation, mapping: loaded.name, command: "baseline", logger: logging.makeLogger())
            defer { withExtendedLifetime(runLock) {} }
            let state = try common.openState()
            try state.markAbandonedRuns(mapping: loaded.name)
            let (plan, summary) = try await loaded.job(state: state, logger: logging.makeLogger(), catalog: catalog, events: events, diff: diff).baseline()
            print("Baseline \(summary.id) for \(plan.mapping): recorded \(plan.changes.count) records as synced "
                  + "(\(summary.creates) new, \(summary.updates) changed, \(summary.deletes) removed, \(summary.unchanged) already current); "
                  + "\(summary.rejected) rejected rows, \(summary.duplicates) duplicate keys")
            return .success
        }
    }
}
