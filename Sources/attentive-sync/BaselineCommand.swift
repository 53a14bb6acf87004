import ArgumentParser
import SyncCore

struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the source as it is now as already synced, sending nothing.")

    @Argument(help: "The mapping file.")
    var mapping: String

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await failing {
            let job = SyncJob(mapping: try MappingLoader.load(path: mapping), state: try common.openState(), logger: common.makeLogger())
            let plan = try await cancellingOnInterrupt { try await job.plan() }
            let summary = try job.baseline(plan)
            print("Baseline \(summary.id) for \(plan.mapping): recorded \(plan.changes.count) records as synced "
                  + "(\(summary.creates) new, \(summary.updates) changed, \(summary.deletes) removed, \(summary.unchanged) already current); "
                  + "\(summary.rejected) rejected rows, \(summary.duplicates) duplicate keys")
            return .success
        }
    }
}
