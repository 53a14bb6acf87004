/// The diff report as one self-contained page a person can open and read.
struct HTMLReport {
    let plan: Plan
    let result: SendResult?

    func write(to out: inout some TextOutputStream) {
        out.write("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plan for \(escape(plan.mapping))</title>
            <style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}
            .create{color:#176f2c}.update{color:#8a5a00}.delete{color:#a11}del{color:#a11}ins{color:#176f2c;text-decoration:none}</style>
            </head><body><h1>Plan for \(escape(plan.mapping))</h1><p>Source: \(escape(plan.source))</p>
            <p>\(plan.rowsRead) rows read (\(plan.rowsSkipped) known by their digests), \(plan.rejected.count) rejected, \(plan.duplicates.count) duplicate keys, \(plan.warnings) with warnings.</p>
            <table><tr><th>target</th><th>create / subscribe</th><th>update</th><th>delete / unsubscribe</th><th>unchanged</th><th>rejected</th></tr>
            """)
        for (target, c) in plan.targetCounts {
            let tallies = (plan.tallies[target] ?? [:]).sorted { $0.key < $1.key }.map { "; \($0.value) \($0.key)" }.joined()
            out.write("<tr><td>\(target.rawValue)\(escape(tallies))</td><td>\(c.create)</td><td>\(c.update)</td><td>\(c.delete)</td><td>\(c.unchanged)</td><td>\(c.rejected)</td></tr>")
        }
        out.write("</table>")
        table("Notes on the plan", ["target", "key", "note"], plan.notes.map { [$0.target.rawValue, $0.key, $0.note] }, to: &out)
        if let result {
            out.write("<h2>Result</h2><p>\(result.acknowledged) sent, \(result.failures.count) failed, \(result.notAttempted) not attempted")
            if result.pending > 0 { out.write(", \(result.pending) pending (settled next run)") }
            if result.bulkJobs > 0 { out.write("; \(result.bulkRecords) records in \(result.bulkJobs) bulk jobs") }
            out.write(".")
            if let reason = result.abortReason { out.write(" Aborted: \(escape(reason))") }
            out.write("</p>")
            table("Failed (retried next run)", ["target", "key", "reason"], result.failures.map { [$0.target.rawValue, $0.key, $0.reason] }, to: &out)
            table("Notes", ["target", "key", "note"], result.notes.map { [$0.target.rawValue, $0.key, $0.note] }, to: &out)
        }
        if !plan.changes.isEmpty {
            out.write("<h2>Changes</h2><table><tr><th>key</th><th>target</th><th>operation</th><th>line</th><th>fields</th></tr>")
            for change in plan.changes {
                let fields = change.reportedFields.map { field in
                    let old = field.old.map { "<del>\(escape($0.displayText))</del> → " } ?? ""
                    return "\(escape(field.name)): \(old)<ins>\(escape(field.new?.displayText ?? "(none)"))</ins>"
                }
                out.write("<tr><td>\(escape(change.key))</td><td>\(change.target.rawValue)</td><td class=\"\(change.operation.rawValue)\">\(change.operation.rawValue)</td>")
                out.write("<td>\(change.line.map(String.init) ?? "")</td><td>\(fields.joined(separator: "<br>"))</td></tr>\n")
            }
            out.write("</table>")
        }
        table("Rejected rows", ["line", "target", "reason"], plan.rejected.map { [String($0.line), $0.target?.rawValue ?? "whole row", $0.reason] }, to: &out)
        table("Duplicate keys (the last row wins)", ["key", "lines"],
              plan.duplicates.map { [$0.key, $0.lines.map(String.init).joined(separator: ", ")] }, to: &out)
        out.write("</body></html>\n")
    }

    func table(_ title: String, _ headers: [String], _ rows: [[String]], to out: inout some TextOutputStream) {
        guard !rows.isEmpty else { return }
        out.write("<h2>\(escape(title))</h2><table><tr>" + headers.map { "<th>\($0)</th>" }.joined() + "</tr>")
        for row in rows { out.write("<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n") }
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
