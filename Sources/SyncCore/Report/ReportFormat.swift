/// The forms a diff report comes in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For a terminal: the summary, then a sample of the changes.
    case text
    /// For machines: the summary and every change; stable field names (`reports/report.schema.json`).
    case json
    /// One change per line, for tools that stream.
    case ndjson
    /// One self-contained page for a person: the summary, a sample of the changes.
    case html

    /// The format a report file's extension asks for: `.json`, `.ndjson`, `.html`, else text.
    public init(forFile path: String) {
        self = Self.allCases.first { $0 != .text && path.hasSuffix(".\($0.rawValue)") } ?? .text
    }

    /// Writes `plan` (and, after a run, its `result`) to `output`.
    public func write(_ plan: Plan, result: SendResult? = nil, options: ReportOptions = ReportOptions(),
                      to output: inout some TextOutputStream) {
        switch self {
        case .text: TextReport(plan: plan, result: result, options: options).write(to: &output)
        case .json: JSONReport(plan: plan, result: result, options: options).write(to: &output)
        case .ndjson: JSONReport(plan: plan, result: result, options: options).writeLines(to: &output)
        case .html: HTMLReport(plan: plan, result: result, options: options).write(to: &output)
        }
    }

    /// The text report's summary alone (counts, fields, rejections, warnings, duplicates): what
    /// `run` prints before its result.
    public static func writeSummary(_ plan: Plan, options: ReportOptions = ReportOptions(), to output: inout some TextOutputStream) {
        TextReport(plan: plan, result: nil, options: options).writeSummary(to: &output)
    }
}

/// What a report shows beyond the plan.
public struct ReportOptions: Sendable {
    /// Changes listed per target: nil for the format's own default (text 20, HTML 1,000), 0 for all.
    public var limit: Int?
    /// The run the state reflects, which the plan compares against.
    public var comparedWith: RunSummary?
    /// ANSI colour in a text report (a terminal, without `NO_COLOR`).
    public var colour = false

    public init(limit: Int? = nil, comparedWith: RunSummary? = nil, colour: Bool = false) {
        self.limit = limit
        self.comparedWith = comparedWith
        self.colour = colour
    }
}

extension Change {
    /// Each value the change sends or clears, old → new; a create without listed fields shows
    /// the values it records.
    public var reportedFields: [FieldChange] {
        guard let recorded = recordedValues else { return fields }
        return (AttributeSet.members(recorded) ?? []).map { FieldChange(name: $0.name, old: nil, new: $0.value) }
    }

    /// For a create without listed fields, the values it records (`AttributeSet.canonicalJSON`):
    /// what its report shows.
    var recordedValues: String? {
        operation == .create && fields.isEmpty ? acknowledged.payload : nil
    }
}
