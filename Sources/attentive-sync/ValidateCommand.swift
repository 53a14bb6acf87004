import ArgumentParser
import SyncCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a mapping and that its source has every mapped column (a query is prepared, not run). Sends nothing.")

    @Argument(help: "The mapping file.")
    var mapping: String
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await failing {
            logging.bootstrap()
            let loaded: Mapping
            switch try MappingLoader.loadAny(path: mapping) {
            case .customers(let customers):
                loaded = customers
            case .catalog(let catalog):
                let source = try SourceOpener.open(catalog.source)
                let columns = try CatalogPlanner.checkColumns(of: catalog, in: source)
                print("\(mapping): OK — catalog mapping '\(catalog.name)', \(columns) mapped columns, source \(source.description) "
                      + "(\(source.columns.count) columns)\(catalog.validateOnly ? ", validate only" : "")")
                return .success
            }
            let source = try await cancellingOnInterrupt { try await SyncJob.checkSource(of: loaded) }
            print("\(mapping): OK — mapping '\(loaded.name)', \(loaded.customAttributes.count) custom attributes, source \(source.source) (\(source.columns) columns)")
            return .success
        }
    }
}
