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
            print("\(mapping): OK — \(try await MappingLoader.loadAny(path: mapping).check())")
            return .success
        }
    }
}
