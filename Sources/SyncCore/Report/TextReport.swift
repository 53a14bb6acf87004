/// The diff report for a person at a terminal.
struct TextReport {
    let plan: Plan
    let result: SendResult?
    /// Lines listed per section before the rest is summarized.
    var limit = 200

    func write(to out: inout some TextOutputStream) {
        out.write("Plan for \(plan.mapping) from \(plan.source)\n")
        out.write("  rows: \(plan.rowsRead) read, \(plan.rejected.count) rejected, \(plan.duplicates.count) duplicate keys, \(plan.warnings) with warnings\n")
        for target in Target.allCases {
            let c = plan.counts(for: target)
            out.write("  \(target.rawValue): \(c.create) create, \(c.update) update, \(c.delete) delete, \(c.unchanged) unchanged\n")
        }
        section("Changes", plan.changes, to: &out) { change in
            let fields = change.reportedFields.map { field -> String in
                switch change.operation {
                case .create: "\(field.name)=\(show(field.new))"
                case .update, .delete: "\(field.name): \(show(field.old)) → \(show(field.new))"
                }
            }
            let line = change.line.map { " (line \($0))" } ?? ""
            return "\(change.operation.rawValue) \(change.key)\(line): \(fields.joined(separator: ", "))"
        }
        section("Rejected rows", plan.rejected, to: &out) { "line \($0.line): \($0.reason)" }
        section("Duplicate keys (the last row wins)", plan.duplicates, to: &out) { duplicate in
            "\(duplicate.key): lines \(duplicate.lines.map(String.init).joined(separator: ", "))"
        }
        if let result {
            out.write("Result: \(result.acknowledged) sent, \(result.failures.count) failed")
            if result.notAttempted > 0 { out.write(", \(result.notAttempted) not attempted") }
            out.write("\n")
            if let reason = result.abortReason { out.write("  aborted: \(reason)\n") }
            section("Failed (retried next run)", result.failures, to: &out) { "\($0.key): \($0.reason)" }
        }
    }

    func show(_ value: AttributeValue?) -> String {
        switch value {
        case nil: "(none)"
        case .string(let text): JSONText.quoted(text)
        case let value?: value.displayText
        }
    }

    func section<T>(_ title: String, _ items: [T], to out: inout some TextOutputStream, line: (T) -> String) {
        guard !items.isEmpty else { return }
        out.write("\(title):\n")
        for item in items.prefix(limit) { out.write("  \(line(item))\n") }
        if items.count > limit { out.write("  … and \(items.count - limit) more (use --format json for all)\n") }
    }
}
