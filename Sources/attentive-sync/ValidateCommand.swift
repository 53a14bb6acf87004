import ArgumentParser
import SyncCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a mapping and that its source has every mapped column (a query is prepared, not run). Sends nothing.")

    @Argument(help: "The mapping file.")
    var mapping: String

    func run() async throws {
        try await failing {
            let loaded = try MappingLoader.load(path: mapping)
            let source = try await cancellingOnInterrupt { try await SyncJob.checkSource(of: loaded) }
            print("\(mapping): OK — mapping '\(loaded.name)', \(loaded.customAttributes.count) custom attributes, source \(source.source) (\(source.columns) columns)")
            return .success
        }
    }
}
