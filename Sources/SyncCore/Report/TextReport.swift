/// The diff report for a person at a terminal.
struct TextReport {
    let plan: Plan
    let result: SendResult?
    /// Lines listed per section before the rest is summarized.
    var limit = 200

    func write(to out: inout some TextOutputStream) {
        out.write("Plan for \(plan.mapping) from \(plan.source)\n")
        out.write("  rows: \(plan.rowsRead) read (\(plan.rowsSkipped) known by their digests), \(plan.rejected.count) rejected, \(plan.duplicates.count) duplicate keys, \(plan.warnings) with warnings\n")
        if plan.pendingIntents > 0 {
            out.write("  \(plan.pendingIntents) requests of an interrupted run are checked with Attentive before anything is sent\n")
        }
        for (target, c) in plan.targetCounts {
            let pending = plan.pending[target].map { ", \($0) pending (an earlier run's, not sent again)" } ?? ""
            let tallies = (plan.tallies[target] ?? [:]).sorted { $0.key < $1.key }.map { ", \($0.value) \($0.key)" }.joined()
            out.write("  \(target.rawValue): \(c.create) \(target.createWord), \(c.update) update, \(c.delete) \(target.deleteWord), \(c.unchanged) unchanged, \(c.rejected) rejected\(pending)\(tallies)\n")
        }
        section("Changes", plan.changes, count: plan.changes.count, to: &out) { change in
            let fields = change.reportedFields.map { field -> String in
                switch change.operation {
                case .create: "\(field.name)=\(show(field.new))"
                case .update, .delete, .subscribe, .unsubscribe: "\(field.name): \(show(field.old)) → \(show(field.new))"
                }
            }
            let line = change.line.map { " (line \($0))" } ?? ""
            return "\(change.operation.rawValue) \(change.target.rawValue) \(change.key)\(line): \(fields.joined(separator: ", "))"
        }
        section("Notes on the plan", plan.notes, to: &out) { "\($0.target.rawValue) \($0.key): \($0.note)" }
        section("Rejected rows", plan.rejected, to: &out) { "line \($0.line): \($0.reason)" + ($0.target == nil ? "" : " (row kept for the other targets)") }
        section("Duplicate keys (the last row wins)", plan.duplicates, to: &out) { duplicate in
            "\(duplicate.key): lines \(duplicate.lines.map(String.init).joined(separator: ", "))"
        }
        if let result {
            out.write("Result: \(result.acknowledged) sent, \(result.failures.count) failed")
            if result.notAttempted > 0 { out.write(", \(result.notAttempted) not attempted") }
            if result.pending > 0 { out.write(", \(result.pending) pending (settled next run)") }
            if result.bulkJobs > 0 { out.write("; \(result.bulkRecords) records in \(result.bulkJobs) bulk jobs") }
            out.write("\n")
            if let reason = result.abortReason { out.write("  aborted: \(reason)\n") }
            section("Failed (retried next run)", result.failures, to: &out) { "\($0.target.rawValue) \($0.key): \($0.reason)" }
            section("Notes", result.notes, to: &out) { "\($0.target.rawValue) \($0.key): \($0.note)" }
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
        section(title, items, count: items.count, to: &out, line: line)
    }

    /// `count` is how many `items` has: a spool's changes are counted without reading them.
    func section<T>(_ title: String, _ items: some Sequence<T>, count: Int, to out: inout some TextOutputStream, line: (T) -> String) {
        guard count > 0 else { return }
        out.write("\(title):\n")
        for item in items.prefix(limit) { out.write("  \(line(item))\n") }
        if count > limit { out.write("  … and \(count - limit) more (use --format json for all)\n") }
    }
}
