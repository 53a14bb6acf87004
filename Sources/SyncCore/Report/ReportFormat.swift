/// The forms a diff report comes in.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// For a terminal.
    case text
    /// For machines: stable field names, documented in the README.
    case json
    /// One self-contained page for a person.
    case html

    /// The format a report file's extension asks for: `.json`, `.html`, else text.
    public init(forFile path: String) {
        if path.hasSuffix(".json") { self = .json } else if path.hasSuffix(".html") { self = .html } else { self = .text }
    }

    /// Writes `plan` (and, after a run, its `result`) to `output`.
    public func write(_ plan: Plan, result: SendResult? = nil, to output: inout some TextOutputStream) {
        switch self {
        case .text: TextReport(plan: plan, result: result).write(to: &output)
        case .json: JSONReport(plan: plan, result: result).write(to: &output)
        case .html: HTMLReport(plan: plan, result: result).write(to: &output)
        }
    }
}

extension Change {
    /// Each value the change sends or clears, old → new; a create without listed fields shows
    /// the values it records.
    public var reportedFields: [FieldChange] {
        guard operation == .create, fields.isEmpty else { return fields }
        let values = acknowledged.payload.flatMap(AttributeSet.decode) ?? [:]
        return values.keys.sorted().map { FieldChange(name: $0, old: nil, new: values[$0]) }
    }
}
