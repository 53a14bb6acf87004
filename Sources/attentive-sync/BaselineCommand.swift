import ArgumentParser
import SyncCore

struct BaselineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the source as it is now as already synced, sending nothing.")

    @Argument(help: "The mapping file.")
    var mapping: String

    @OptionGroup var common: CommonOptions
    @OptionGroup var catalog: CatalogOptions

    func run() async throws {
        try await failing {
            let plan: Plan
            let summary: RunSummary
            switch try MappingLoader.loadAny(path: mapping) {
            case .customers(let customers):
                let job = SyncJob(mapping: customers, state: try common.openState(), logger: common.makeLogger())
                plan = try await cancellingOnInterrupt { try await job.plan() }
                summary = try job.baseline(plan)
            case .catalog(let products):
                let job = catalog.job(products, state: try common.openState(), logger: common.makeLogger())
                let catalogPlan = try job.plan()
                plan = catalogPlan.plan
                summary = try job.baseline(catalogPlan)
            }
            print("Baseline \(summary.id) for \(plan.mapping): recorded \(plan.changes.count) records as synced "
                  + "(\(summary.creates) new, \(summary.updates) changed, \(summary.deletes) removed, \(summary.unchanged) already current); "
                  + "\(summary.rejected) rejected rows, \(summary.duplicates) duplicate keys")
            return .success
        }
    }
}
