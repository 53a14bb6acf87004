/// The diff report as one self-contained page (no network, no script): the summary — counts as
/// an inline SVG chart, fields with bars, rejected rows by reason — then a sample of the changes,
/// so a plan of a million changes stays a page a browser opens at once.
struct HTMLReport {
    let plan: Plan
    let result: SendResult?
    let options: ReportOptions

    static let style = """
        body{font:14px system-ui,sans-serif;margin:2em;color:#222;max-width:72em}table{border-collapse:collapse;margin:.5em 0 1.5em}
        td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}td.n{text-align:right}
        .bar{background:#4a78b5;height:.8em;display:inline-block}.muted{color:#666}
        .create,.subscribe{color:#176f2c}.update{color:#8a5a00}.delete,.unsubscribe{color:#a11}
        del{color:#a11;background:#fdecec}ins{color:#176f2c;background:#e8f6ea;text-decoration:none}
        """
    /// The chart's colours per count, in `ChangeCounts` order.
    static let segments: [(name: String, colour: String)] = [
        ("create", "#2e9e4f"), ("update", "#d9a400"), ("delete", "#c9302c"), ("unchanged", "#c8c8c8"), ("rejected", "#7a4fa0"),
    ]

    func write(to out: inout some TextOutputStream) {
        let summary = PlanSummary(plan, comparedWith: options.comparedWith)
        out.write("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plan for \(escape(plan.mapping))</title>
            <style>\(Self.style)</style></head><body><h1>Plan for \(escape(plan.mapping))</h1>
            <p>Source: \(escape(plan.source))<br>\(escape(ReportWords.comparedWith(summary.comparedWith)))</p>
            <p>\(plan.rowsRead.grouped) rows read (\(plan.rowsSkipped.grouped) known by their digests), \(plan.rejected.count.grouped) rejected,
            \(plan.duplicates.count.grouped) duplicate keys, \(plan.warnings.count.grouped) with warnings.</p>
            """)
        writeCounts(summary, to: &out)
        writeFields(summary, to: &out)
        if let result { write(result, to: &out) }
        table("Rejected rows by reason", ["count", "reason", "target", "first lines"], numeric: [0], summary.rejections.map {
            [$0.count.grouped, $0.reason, $0.target?.rawValue ?? "whole row", $0.firstLines.map(String.init).joined(separator: ", ")]
        }, to: &out)
        table("Warnings by reason (the rows are sent without the invalid identifier)", ["count", "reason", "first lines"], numeric: [0],
              summary.warnings.map { [$0.count.grouped, $0.reason, $0.firstLines.map(String.init).joined(separator: ", ")] }, to: &out)
        if summary.duplicates > 0 {
            out.write("<h2>Duplicate keys: \(summary.duplicates.grouped)</h2><p class=\"muted\">The last row of each key wins. The first ones:</p>")
            table(nil, ["key", "lines"], summary.duplicateExamples.map { [$0.key, $0.lines.map { String($0) }.joined(separator: ", ")] }, to: &out)
        }
        for sample in ChangeSample.first(limit, of: plan) { write(sample, to: &out) }
        notes("Notes on the plan", plan.notes, to: &out)
        out.write("</body></html>\n")
    }

    /// Changes listed per target; 0 lists all.
    private var limit: Int { options.limit ?? 1000 }
    /// Rows listed in the table of failures.
    private var rows: Int { limit == 0 ? .max : limit }

    /// Per target, one stacked bar of its counts, then the counts as a table.
    private func writeCounts(_ summary: PlanSummary, to out: inout some TextOutputStream) {
        guard !summary.targets.isEmpty else { return }
        let rowHeight = 28, labelWidth = 150, barWidth = 520
        out.write("<h2>Counts</h2><svg width=\"\(labelWidth + barWidth + 10)\" "
                  + "height=\"\(summary.targets.count * rowHeight + 24)\" role=\"img\" aria-label=\"counts per target\">")
        for (row, line) in summary.targets.enumerated() {
            let c = line.counts
            let values = [c.create, c.update, c.delete, c.unchanged, c.rejected]
            let total = max(values.reduce(0, +), 1)
            let y = row * rowHeight
            out.write("<text x=\"0\" y=\"\(y + 17)\" font-size=\"13\">\(escape(line.target.rawValue))</text>")
            var x = Double(labelWidth)
            for (index, value) in values.enumerated() where value > 0 {
                let width = Double(barWidth) * Double(value) / Double(total)
                out.write("<rect x=\"\(Int(x))\" y=\"\(y + 4)\" width=\"\(max(Int(width.rounded()), 1))\" height=\"18\" fill=\"\(Self.segments[index].colour)\">"
                          + "<title>\(Self.segments[index].name): \(value.grouped)</title></rect>")
                x += width
            }
        }
        var x = labelWidth
        for segment in Self.segments {
            let y = summary.targets.count * rowHeight + 8
            out.write("<rect x=\"\(x)\" y=\"\(y)\" width=\"10\" height=\"10\" fill=\"\(segment.colour)\"/>"
                      + "<text x=\"\(x + 14)\" y=\"\(y + 10)\" font-size=\"12\">\(segment.name)</text>")
            x += 100
        }
        out.write("</svg>")
        table(nil, ["target", "create / subscribe", "update", "delete / unsubscribe", "unchanged", "rejected", "also"], numeric: [1, 2, 3, 4, 5],
              summary.targets.map { line in
                  let c = line.counts
                  let also = (line.pending > 0 ? ["\(line.pending.grouped) pending"] : []) + line.tallies.map { "\($0.count.grouped) \($0.word)" }
                  return [line.target.rawValue, c.create.grouped, c.update.grouped, c.delete.grouped, c.unchanged.grouped, c.rejected.grouped,
                          also.joined(separator: ", ")]
              }, to: &out)
    }

    /// Each changing field: how many keys, a bar against the busiest field, the commonest transitions.
    private func writeFields(_ summary: PlanSummary, to out: inout some TextOutputStream) {
        guard let most = summary.fields.map(\.keys).max() else { return }
        out.write("<h2>Fields that change</h2><table><tr><th>target</th><th>field</th><th>keys</th><th></th>"
                  + "<th>most common changes</th><th>values, change</th></tr>")
        for field in summary.fields {
            let width = max(1, 200 * field.keys / most)
            let transitions = (ReportWords.transitions(field) ?? []).map(escape)
            out.write("<tr><td>\(field.target.rawValue)</td><td>\(escape(field.name))</td><td class=\"n\">\(field.keys.grouped)</td>"
                      + "<td><span class=\"bar\" style=\"width:\(width)px\"></span></td><td>\(transitions.joined(separator: "<br>"))</td>"
                      + "<td>\(escape(field.range.map(ReportWords.range) ?? ""))\(field.spread.map { "<br>" + escape(ReportWords.spread($0)) } ?? "")</td></tr>\n")
        }
        out.write("</table>")
    }

    private func write(_ sample: ChangeSample, to out: inout some TextOutputStream) {
        let shown = sample.shown < sample.total ? " (the first \(sample.shown.grouped) of \(sample.total.grouped); the JSON report has all)" : ""
        out.write("<h2>Changes to \(sample.target.rawValue): \(sample.total.grouped)</h2><p class=\"muted\">\(shown)</p>")
        out.write("<table><tr><th>operation</th><th>key</th><th>line</th><th>fields</th></tr>")
        for change in sample.changes {
            let fields = change.reportedFields.map { field in
                let old = field.old.map { "<del>\(escape($0.displayText))</del> → " } ?? ""
                return "\(escape(field.name)): \(old)<ins>\(escape(field.new?.displayText ?? "(none)"))</ins>"
            }
            out.write("<tr><td class=\"\(change.operation.rawValue)\">\(change.operation.rawValue)</td><td>\(escape(change.key))</td>"
                      + "<td>\(change.line.map(String.init) ?? "")</td><td>\(fields.joined(separator: "<br>"))</td></tr>\n")
        }
        out.write("</table>")
    }

    private func write(_ result: SendResult, to out: inout some TextOutputStream) {
        out.write("<h2>Result</h2><p>\(escape(ReportWords.result(result).joined(separator: ", "))).")
        if let reason = result.abortReason { out.write(" Aborted: \(escape(reason))") }
        out.write("</p>")
        table("Failed by reason (retried next run)", ["count", "reason"], numeric: [0],
              result.topFailureReasons(20).map { [$0.count.grouped, $0.reason] }, to: &out)
        table("Failed", ["target", "key", "reason"], result.failures.prefix(rows).map { [$0.target.rawValue, $0.key, $0.reason] }, to: &out)
        notes("Notes", result.notes, to: &out)
    }

    /// Notes grouped by target and words, with their first keys (every one is in the JSON report).
    private func notes(_ title: String, _ notes: [ChangeNote], to out: inout some TextOutputStream) {
        table(title, ["count", "target", "note", "first keys"], numeric: [0], NoteGroup.groups(notes).map {
            [$0.count.grouped, $0.target.rawValue, $0.note, $0.parts[1]]
        }, to: &out)
    }

    private func table(_ title: String?, _ headers: [String], numeric: Set<Int> = [], _ rows: [[String]], to out: inout some TextOutputStream) {
        guard !rows.isEmpty else { return }
        if let title { out.write("<h2>\(escape(title))</h2>") }
        out.write("<table><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>")
        for row in rows {
            out.write("<tr>" + row.enumerated().map { numeric.contains($0.offset) ? "<td class=\"n\">\(escape($0.element))</td>" : "<td>\(escape($0.element))</td>" }.joined() + "</tr>\n")
        }
        out.write("</table>")
    }

    func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
