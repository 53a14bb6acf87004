import ArgumentParser
import SyncCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a mapping and that its source has every mapped column. Sends nothing.")

    @Argument(help: "The mapping file.")
    var mapping: String

    func run() async throws {
        try await failing {
            let loaded = try MappingLoader.load(path: mapping)
            let source = try SourceOpener.open(loaded.source)
            _ = try RecordBuilder(mapping: loaded, columns: source.columns, sourceName: source.description)
            print("\(mapping): OK — mapping '\(loaded.name)', \(loaded.customAttributes.count) custom attributes, source \(source.description) (\(source.columns.count) columns)")
            return .success
        }
    }
}
