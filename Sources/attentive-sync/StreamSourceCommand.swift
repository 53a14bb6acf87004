import ArgumentParser
import Foundation
import SyncCore

/// Development: reads a mapping's source to the end without planning, to time a connector
/// alone (`scripts/bench.sh`). Hidden from help.
struct StreamSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream-source",
        abstract: "Read a mapping's source to the end and count its rows, without planning (benchmarks).",
        shouldDisplay: false)

    @Argument(help: "The mapping file.")
    var mapping: String
    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        try await failing {
            logging.bootstrap()
            let loaded = try MappingLoader.load(path: mapping)
            let clock = ContinuousClock()
            let start = clock.now
            let counts = try await cancellingOnInterrupt {
                try await BlockingThread.run(name: "attentive-sync stream-source") {
                    let source = try SourceOpener.open(loaded.source)
                    var rows = 0, rejected = 0, fields = 0
                    while let row = try source.next() {
                        switch row {
                        case .row(_, let cells):
                            rows += 1
                            fields += cells.count
                        case .rejected:
                            rejected += 1
                        }
                    }
                    return (rows: rows, rejected: rejected, fields: fields)
                }
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(String(format: "%d rows, %d fields, %d rejected in %.2f s (%.0f rows/s)",
                         counts.rows, counts.fields, counts.rejected, seconds, Double(counts.rows) / max(seconds, 1e-9)))
            return .success
        }
    }
}
