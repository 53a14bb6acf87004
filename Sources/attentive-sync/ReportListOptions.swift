import ArgumentParser
import Foundation
import SyncCore

/// How much of the plan a report lists: `plan` and `run --report`.
struct ReportListOptions: ParsableArguments {
    @Option(help: "Changes listed per target in a text or HTML report (default: 20 in text, 1000 in HTML; 0 lists all).")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit \(limit): must be 0 (all) or more") }
    }

    func options(comparedWith: RunSummary?, colour: Bool = false) -> ReportOptions {
        ReportOptions(limit: limit, comparedWith: comparedWith, colour: colour)
    }
}

enum TerminalColour {
    /// Colour on a terminal, unless `NO_COLOR` is set (https://no-color.org).
    static var wanted: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR", default: ""].isEmpty
    }
}
