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
        guard let recorded = recordedValues else { return fields }
        let values = AttributeSet.decode(recorded) ?? [:]
        return values.keys.sorted().map { FieldChange(name: $0, old: nil, new: values[$0]) }
    }

    /// For a create without listed fields, the values it records (`AttributeSet.canonicalJSON`):
    /// what its report shows.
    var recordedValues: String? {
        operation == .create && fields.isEmpty ? acknowledged.payload : nil
    }
}
