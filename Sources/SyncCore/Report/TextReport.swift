/// The diff report for a person at a terminal: the summary first, then at most `limit` changes
/// per target, every line within 80 columns.
struct TextReport {
    let plan: Plan
    let result: SendResult?
    let options: ReportOptions
    static let width = 80
    /// Changes (and failures) listed per target; 0 lists all.
    private var limit: Int { options.limit ?? 20 }

    func write(to out: inout some TextOutputStream) {
        var lines = TextLines(colour: options.colour)
        writeSummary(to: &lines)
        for sample in ChangeSample.first(limit, of: plan) {
            lines.title("Changes to \(sample.target.rawValue) (\(sample.total.grouped))")
            for change in sample.changes {
                lines.change(change)
                if lines.text.utf8.count >= 1 << 16 { out.write(lines.take()) }
            }
            if sample.total > sample.shown {
                lines.plain("  … and \((sample.total - sample.shown).grouped) more (use --format json for all)")
            }
        }
        notes("Notes on the plan", plan.notes, to: &lines)
        if let result { write(result, to: &lines) }
        out.write(lines.take())
    }

    /// The summary alone: what `run` prints before its result.
    func writeSummary(to out: inout some TextOutputStream) {
        var lines = TextLines(colour: options.colour)
        writeSummary(to: &lines)
        out.write(lines.take())
    }

    private func writeSummary(to lines: inout TextLines) {
        let summary = PlanSummary(plan, comparedWith: options.comparedWith)
        lines.title("Plan for \(plan.mapping)")
        lines.broken("from \(plan.source)")
        lines.plain(ReportWords.comparedWith(summary.comparedWith))
        lines.wrapped(["Rows: \(plan.rowsRead.grouped) read", "\(plan.rowsSkipped.grouped) known by their digests",
                       "\(plan.rejected.count.grouped) rejected", "\(plan.duplicates.count.grouped) duplicate keys",
                       "\(plan.warnings.count.grouped) with warnings"])
        if plan.pendingIntents > 0 {
            lines.plain("\(plan.pendingIntents.grouped) requests of an interrupted run are checked with Attentive before anything is sent")
        }
        for line in summary.targets {
            lines.wrapped(ReportWords.counts(line), indent: 2)
        }
        for (index, field) in summary.fields.enumerated() {
            if index == 0 || summary.fields[index - 1].target != field.target { lines.title("Fields that change: \(field.target.rawValue)") }
            lines.plain("  " + ReportWords.field(field))
            if let transitions = ReportWords.transitions(field) { lines.plain("    " + transitions.joined(separator: ", ")) }
        }
        if !summary.rejections.isEmpty {
            lines.title("Rejected rows (\(plan.rejected.count.grouped), \(summary.rejections.count) reasons)")
            for group in summary.rejections { lines.parts(ReportWords.reasonGroup(group)) }
        }
        if !summary.warnings.isEmpty {
            lines.title("Warnings (\(plan.warnings.count.grouped); the rows are sent without the invalid identifier)")
            for group in summary.warnings { lines.parts(ReportWords.reasonGroup(group)) }
        }
        if summary.duplicates > 0 {
            lines.title("Duplicate keys (\(summary.duplicates.grouped); the last row wins)")
            for duplicate in summary.duplicateExamples {
                lines.plain("  \(duplicate.key): lines \(duplicate.lines.map { String($0) }.joined(separator: ", "))")
            }
            if summary.duplicates > summary.duplicateExamples.count {
                lines.plain("  … and \((summary.duplicates - summary.duplicateExamples.count).grouped) more (use --format json for all)")
            }
        }
    }

    private func write(_ result: SendResult, to lines: inout TextLines) {
        lines.title("Result")
        lines.wrapped(ReportWords.result(result), indent: 2)
        if let reason = result.abortReason { lines.plain("  aborted: \(reason)") }
        if !result.failures.isEmpty {
            lines.title("Failed (retried next run): \(result.failures.count.grouped)")
            for (reason, count) in result.topFailureReasons() { lines.plain("  \(count.grouped) × \(reason)") }
        }
        list("Failed changes", result.failures, to: &lines) { "\($0.target.rawValue) \($0.key): \($0.reason)" }
        notes("Notes", result.notes, to: &lines)
    }

    private func notes(_ title: String, _ notes: [ChangeNote], to lines: inout TextLines) {
        guard !notes.isEmpty else { return }
        lines.title("\(title) (\(notes.count.grouped))")
        for group in NoteGroup.groups(notes) { lines.parts(group.parts) }
    }

    private func list<T>(_ title: String, _ items: [T], to lines: inout TextLines, line: (T) -> String) {
        guard !items.isEmpty else { return }
        lines.title(title)
        for item in items.prefix(limit == 0 ? items.count : limit) { lines.plain("  " + line(item)) }
        if limit > 0, items.count > limit { lines.plain("  … and \((items.count - limit).grouped) more (use --format json for all)") }
    }
}

/// A text report's lines, each cut to `TextReport.width` columns.
struct TextLines {
    let colour: Bool
    private(set) var text = ""

    /// The lines so far, handed over: a report listing every change is written as it goes.
    mutating func take() -> String {
        defer { text = "" }
        return text
    }

    mutating func title(_ line: String) {
        text += colour ? "\u{1B}[1m\(Self.fit(line))\u{1B}[0m\n" : Self.fit(line) + "\n"
    }

    mutating func plain(_ line: String) { text += Self.fit(line) + "\n" }

    /// `line` broken onto indented lines rather than cut: a source's name is read in full.
    mutating func broken(_ line: String) {
        var rest = Substring(line)
        var indent = ""
        while !rest.isEmpty {
            let piece = rest.prefix(TextReport.width - indent.count)
            text += indent + piece + "\n"
            rest = rest.dropFirst(piece.count)
            indent = "  "
        }
    }

    /// `parts` joined by ", ", broken onto indented lines rather than cut.
    mutating func wrapped(_ parts: [String], indent: Int = 0) {
        var line = String(repeating: " ", count: indent)
        for (index, part) in parts.enumerated() {
            let piece = index == 0 ? part : ", " + part
            if index > 0, line.count + piece.count > TextReport.width {
                plain(line + ",")
                line = String(repeating: " ", count: indent + 2) + part
            } else {
                line += piece
            }
        }
        plain(line)
    }

    /// `  head — tail`, the tail on a line of its own when both do not fit.
    mutating func parts(_ parts: [String]) {
        let line = "  \(parts[0]) — \(parts[1])"
        if line.count <= TextReport.width {
            plain(line)
        } else {
            plain("  " + parts[0])
            plain("    " + parts[1])
        }
    }

    mutating func change(_ change: Change) {
        let operation = colour ? "\(Self.colourCode(change.operation))\(change.operation.rawValue)\u{1B}[0m" : change.operation.rawValue
        let line = change.line.map { " (line \($0))" } ?? ""
        let fields = change.reportedFields.map { field in
            change.operation == .create ? "\(field.name)=\(ReportWords.show(field.new))"
                : "\(field.name): \(ReportWords.show(field.old)) → \(ReportWords.show(field.new))"
        }
        // The colour codes take no columns: fit the rest.
        let rest = Self.fit("  \(change.operation.rawValue) \(change.key)\(line): \(fields.joined(separator: ", "))")
        text += "  " + operation + rest.dropFirst(2 + change.operation.rawValue.count) + "\n"
    }

    static func colourCode(_ operation: Change.Operation) -> String {
        switch operation {
        case .create, .subscribe: "\u{1B}[32m"
        case .update: "\u{1B}[33m"
        case .delete, .unsubscribe: "\u{1B}[31m"
        }
    }

    /// `line` cut to the width, ending in `…` when it was longer.
    static func fit(_ line: String) -> String {
        line.count <= TextReport.width ? line : String(line.prefix(TextReport.width - 1)) + "…"
    }
}
