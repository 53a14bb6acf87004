/// The machine-readable diff report. Field names are part of the contract (README).
struct JSONReport {
    let plan: Plan
    let result: SendResult?

    func write(to out: inout some TextOutputStream) {
        out.write("{\"mapping\":\(JSONText.quoted(plan.mapping)),\"source\":\(JSONText.quoted(plan.source)),")
        out.write("\"rows\":{\"read\":\(plan.rowsRead),\"skipped\":\(plan.rowsSkipped),\"rejected\":\(plan.rejected.count),")
        out.write("\"duplicate\":\(plan.duplicates.count),\"warnings\":\(plan.warnings)},")
        out.write("\"counts\":{")
        for (index, target) in plan.targets.enumerated() {
            let counts = plan.counts(for: target)
            if index > 0 { out.write(",") }
            out.write("\(JSONText.quoted(target.rawValue)):{\"create\":\(counts.create),\"update\":\(counts.update),")
            out.write("\"delete\":\(counts.delete),\"unchanged\":\(counts.unchanged),")
            out.write("\"rejected\":\(counts.rejected),\"duplicate\":\(plan.duplicates.count)}")
        }
        out.write("},\"pendingIntents\":\(plan.pendingIntents),\"changes\":[")
        for (index, change) in plan.changes.enumerated() {
            if index > 0 { out.write(",") }
            out.write("\n{\"key\":\(JSONText.quoted(change.key)),\"target\":\"\(change.target.rawValue)\",")
            out.write("\"operation\":\"\(change.operation.rawValue)\",\"line\":\(change.line.map(String.init) ?? "null"),\"fields\":[")
            for (fieldIndex, field) in change.reportedFields.enumerated() {
                if fieldIndex > 0 { out.write(",") }
                out.write("{\"name\":\(JSONText.quoted(field.name)),\"old\":\(field.old?.jsonLiteral ?? "null"),")
                out.write("\"new\":\(field.new?.jsonLiteral ?? "null")}")
            }
            out.write("]}")
        }
        out.write("],\"rejected\":[")
        for (index, rejection) in plan.rejected.enumerated() {
            if index > 0 { out.write(",") }
            out.write("\n{\"line\":\(rejection.line),\"target\":\(rejection.target.map { JSONText.quoted($0.rawValue) } ?? "null"),")
            out.write("\"reason\":\(JSONText.quoted(rejection.reason))}")
        }
        out.write("],\"duplicates\":[")
        for (index, duplicate) in plan.duplicates.enumerated() {
            if index > 0 { out.write(",") }
            out.write("\n{\"key\":\(JSONText.quoted(duplicate.key)),\"lines\":[\(duplicate.lines.map(String.init).joined(separator: ","))]}")
        }
        out.write("]")
        if let result {
            out.write(",\"result\":{\"sent\":\(result.acknowledged),\"failed\":\(result.failures.count),")
            out.write("\"notAttempted\":\(result.notAttempted),\"interrupted\":\(result.interrupted),\"aborted\":\(result.abortReason.map(JSONText.quoted) ?? "null"),\"failures\":[")
            for (index, failure) in result.failures.enumerated() {
                if index > 0 { out.write(",") }
                out.write("\n{\"key\":\(JSONText.quoted(failure.key)),\"target\":\"\(failure.target.rawValue)\",\"reason\":\(JSONText.quoted(failure.reason))}")
            }
            out.write("],\"notes\":[")
            for (index, note) in result.notes.enumerated() {
                if index > 0 { out.write(",") }
                out.write("\n{\"key\":\(JSONText.quoted(note.key)),\"target\":\"\(note.target.rawValue)\",\"note\":\(JSONText.quoted(note.note))}")
            }
            out.write("]}")
        }
        out.write("}\n")
    }
}
