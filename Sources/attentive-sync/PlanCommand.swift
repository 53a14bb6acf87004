import ArgumentParser
import SyncCore

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: diff the source against the state and write the report. Sends nothing, changes no state.")

    @Argument(help: "The mapping file.")
    var mapping: String

    @Option(help: "Report format: text, json, ndjson (a change a line) or html.")
    var format: ReportFormat = .text

    @OptionGroup var listing: ReportListOptions

    @Option(help: "Write the report to this file instead of stdout.")
    var output: String?

    @Flag(help: "Plan a backfill: every record, changed or not.")
    var full = false

    @OptionGroup var common: CommonOptions
    @OptionGroup var logging: LoggingOptions
    @OptionGroup var guards: GuardOptions
    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var diff: DiffOptions
    @OptionGroup var events: EventOptions

    func run() async throws {
        try await failing {
            logging.bootstrap()
            if let output { try OutputPath.checkWritable(output, option: "--output") }
            let state = try common.openState()
            let loaded = try MappingLoader.loadAny(path: mapping)
            let previousRun = try state.runs(mapping: loaded.name, limit: 1).first
            let plan = try await loaded.job(state: state, logger: logging.makeLogger(), catalog: catalog, events: events, diff: diff)
                .planForReport(full: full)
            // What would stop `run`, as warnings: a plan never fails on them.
            for finding in try guards.findings(plan, state: state) { printError("warning: run would refuse: \(finding)") }
            var out = try output.map(ReportOutput.init(path:)) ?? .standardOutput()
            format.write(plan, options: listing.options(comparedWith: previousRun, colour: output == nil && TerminalColour.wanted), to: &out)
            out.flush()
            return .success
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
