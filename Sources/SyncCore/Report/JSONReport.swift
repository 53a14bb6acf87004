/// The machine-readable diff report. Field names are part of the contract (README).
struct JSONReport {
    let plan: Plan
    let result: SendResult?

    func write(to out: inout some TextOutputStream) {
        var json = JSONBuffer()
        json.raw("{\"mapping\":"); json.string(plan.mapping)
        json.raw(",\"source\":"); json.string(plan.source)
        json.raw(",\"rows\":{\"read\":"); json.int(plan.rowsRead)
        json.raw(",\"skipped\":"); json.int(plan.rowsSkipped)
        json.raw(",\"rejected\":"); json.int(plan.rejected.count)
        json.raw(",\"duplicate\":"); json.int(plan.duplicates.count)
        json.raw(",\"warnings\":"); json.int(plan.warnings)
        json.raw("},\"counts\":{")
        for (index, (target, counts)) in plan.targetCounts.enumerated() {
            json.separator(index)
            json.string(target.rawValue)
            json.raw(":{\"create\":"); json.int(counts.create)
            json.raw(",\"update\":"); json.int(counts.update)
            json.raw(",\"delete\":"); json.int(counts.delete)
            json.raw(",\"unchanged\":"); json.int(counts.unchanged)
            json.raw(",\"rejected\":"); json.int(counts.rejected)
            json.raw(",\"pending\":"); json.int(plan.pending[target] ?? 0)
            json.raw(",\"duplicate\":"); json.int(plan.duplicates.count)
            for (word, count) in (plan.tallies[target] ?? [:]).sorted(by: { $0.key < $1.key }) {
                json.raw(","); json.string(word.camelCased); json.raw(":"); json.int(count)
            }
            json.raw("}")
        }
        json.raw("},\"pendingIntents\":"); json.int(plan.pendingIntents)
        json.raw(",\"changes\":[")
        for (index, change) in plan.changes.enumerated() {
            json.separator(index)
            json.raw("\n{\"key\":"); json.string(change.key)
            json.raw(",\"target\":"); json.string(change.target.rawValue)
            json.raw(",\"operation\":"); json.string(change.operation.rawValue)
            json.raw(",\"line\":"); json.int(change.line)
            json.raw(",\"fields\":[")
            if let recorded = change.recordedValues {
                json.createdFields(recorded)
            }
            for (fieldIndex, field) in change.fields.enumerated() {
                json.separator(fieldIndex)
                json.raw("{\"name\":"); json.string(field.name)
                json.raw(",\"old\":"); json.value(field.old)
                json.raw(",\"new\":"); json.value(field.new)
                json.raw("}")
            }
            json.raw("]}")
            json.flush(to: &out)
        }
        json.raw("],\"rejected\":[")
        for (index, rejection) in plan.rejected.enumerated() {
            json.separator(index)
            json.raw("\n{\"line\":"); json.int(rejection.line)
            json.raw(",\"target\":"); json.string(rejection.target?.rawValue)
            json.raw(",\"reason\":"); json.string(rejection.reason)
            json.raw("}")
            json.flush(to: &out)
        }
        json.raw("],\"duplicates\":[")
        for (index, duplicate) in plan.duplicates.enumerated() {
            json.separator(index)
            json.raw("\n{\"key\":"); json.string(duplicate.key)
            json.raw(",\"lines\":[")
            for (lineIndex, line) in duplicate.lines.enumerated() {
                json.separator(lineIndex)
                json.int(Int(line))
            }
            json.raw("]}")
            json.flush(to: &out)
        }
        json.raw("],\"notes\":[")
        for (index, note) in plan.notes.enumerated() {
            write(index, key: note.key, target: note.target, ",\"note\":", note.note, to: &json, out: &out)
        }
        json.raw("]")
        if let result { write(result, to: &json, out: &out) }
        json.raw("}\n")
        json.flush(to: &out, all: true)
    }

    private func write(_ result: SendResult, to json: inout JSONBuffer, out: inout some TextOutputStream) {
        json.raw(",\"result\":{\"sent\":"); json.int(result.acknowledged)
        json.raw(",\"failed\":"); json.int(result.failures.count)
        json.raw(",\"notAttempted\":"); json.int(result.notAttempted)
        json.raw(",\"pending\":"); json.int(result.pending)
        json.raw(",\"bulkJobs\":"); json.int(result.bulkJobs)
        json.raw(",\"bulkRecords\":"); json.int(result.bulkRecords)
        json.raw(",\"interrupted\":"); json.bool(result.interrupted)
        json.raw(",\"aborted\":"); json.string(result.abortReason)
        json.raw(",\"failures\":[")
        for (index, failure) in result.failures.enumerated() {
            write(index, key: failure.key, target: failure.target, ",\"reason\":", failure.reason, to: &json, out: &out)
        }
        json.raw("],\"notes\":[")
        for (index, note) in result.notes.enumerated() {
            write(index, key: note.key, target: note.target, ",\"note\":", note.note, to: &json, out: &out)
        }
        json.raw("]}")
    }

    /// One element of a result's list about a key: `{"key", "target", and one text member}`.
    private func write(_ index: Int, key: String, target: Target, _ member: StaticString, _ text: String,
                       to json: inout JSONBuffer, out: inout some TextOutputStream) {
        json.separator(index)
        json.raw("\n{\"key\":"); json.string(key)
        json.raw(",\"target\":"); json.string(target.rawValue)
        json.raw(member); json.string(text)
        json.raw("}")
        json.flush(to: &out)
    }
}

extension String {
    /// `changed after sending` → `changedAfterSending`: a plan's words as JSON names.
    var camelCased: String {
        let words = split(separator: " ")
        return (words.first.map(String.init) ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
