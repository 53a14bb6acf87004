/// The machine-readable diff report. Field names are part of the contract (README).
struct JSONReport {
    let plan: Plan
    let result: SendResult?
    let options: ReportOptions

    func write(to out: inout some TextOutputStream) {
        var json = JSONBuffer()
        json.raw("{\"mapping\":"); json.string(plan.mapping)
        json.raw(",\"source\":"); json.string(plan.source)
        json.raw(",\"rows\":{\"read\":"); json.int(plan.rowsRead)
        json.raw(",\"skipped\":"); json.int(plan.rowsSkipped)
        json.raw(",\"rejected\":"); json.int(plan.rejected.count)
        json.raw(",\"duplicate\":"); json.int(plan.duplicates.count)
        json.raw(",\"warnings\":"); json.int(plan.warnings.count)
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
        // The summary's field tallies are counted meanwhile, on another thread, from a read of their own.
        let fields = Ahead { [changes = plan.changes] in FieldTallies(changes) }
        for (index, change) in plan.changes.enumerated() {
            json.separator(index)
            json.raw("\n")
            write(change, to: &json)
            json.flush(to: &out)
        }
        json.raw("],\"rejected\":[")
        for (index, rejection) in plan.rejected.enumerated() {
            json.separator(index)
            json.raw("\n{\"line\":"); json.int(rejection.line)
            json.raw(",\"target\":"); json.string(rejection.target?.rawValue)
            json.raw(",\"reason\":"); json.string(rejection.reason)
            json.raw(",\"key\":"); json.string(rejection.key)
            json.raw("}")
            json.flush(to: &out)
        }
        json.raw("],\"warnings\":[")
        for (index, warning) in plan.warnings.enumerated() {
            json.separator(index)
            json.raw("\n{\"line\":"); json.int(warning.line)
            json.raw(",\"reason\":"); json.string(warning.reason)
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
        write(PlanSummary(plan, comparedWith: options.comparedWith, fields: fields.result()), to: &json)
        if let result { write(result, to: &json, out: &out) }
        json.raw("}\n")
        json.flush(to: &out, all: true)
    }

    /// `--format ndjson`: one change a line, as in `changes`.
    func writeLines(to out: inout some TextOutputStream) {
        var json = JSONBuffer()
        for change in plan.changes {
            write(change, to: &json)
            json.raw("\n")
            json.flush(to: &out)
        }
        json.flush(to: &out, all: true)
    }

    private func write(_ change: Change, to json: inout JSONBuffer) {
        json.raw("{\"key\":"); json.string(change.key)
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
    }

    private func write(_ summary: PlanSummary, to json: inout JSONBuffer) {
        json.raw(",\"summary\":{\"comparedWith\":")
        if let run = summary.comparedWith {
            json.raw("{\"id\":"); json.int(Int(run.id))
            json.raw(",\"command\":"); json.string(run.command)
            json.raw(",\"startedAt\":"); json.string(run.startedAt)
            json.raw(",\"status\":"); json.string(run.status.rawValue)
            json.raw("}")
        } else {
            json.raw("null")
        }
        json.raw(",\"fields\":[")
        for (index, field) in summary.fields.enumerated() {
            json.separator(index)
            json.raw("{\"target\":"); json.string(field.target.rawValue)
            json.raw(",\"name\":"); json.string(field.name)
            json.raw(",\"keys\":"); json.int(field.keys)
            json.raw(",\"approximate\":"); json.bool(field.approximate)
            json.raw(",\"transitions\":[")
            for (transitionIndex, transition) in field.transitions.enumerated() {
                json.separator(transitionIndex)
                json.raw("{\"old\":"); json.string(transition.old)
                json.raw(",\"new\":"); json.string(transition.new)
                json.raw(",\"count\":"); json.int(transition.count)
                json.raw("}")
            }
            json.raw("],\"spread\":")
            if let spread = field.spread {
                json.raw("{\"unit\":"); json.string(spread.unit)
                json.raw(",\"min\":"); json.number(spread.min)
                json.raw(",\"max\":"); json.number(spread.max)
                json.raw(",\"mean\":"); json.number(spread.mean)
                json.raw(",\"count\":"); json.int(spread.count)
                json.raw("}")
            } else {
                json.raw("null")
            }
            json.raw("}")
        }
        json.raw("],\"rejectedReasons\":")
        write(summary.rejections, to: &json)
        json.raw(",\"warningReasons\":")
        write(summary.warnings, to: &json)
        json.raw("}")
    }

    private func write(_ groups: [PlanSummary.ReasonGroup], to json: inout JSONBuffer) {
        json.raw("[")
        for (index, group) in groups.enumerated() {
            json.separator(index)
            json.raw("{\"target\":"); json.string(group.target?.rawValue)
            json.raw(",\"reason\":"); json.string(group.reason)
            json.raw(",\"count\":"); json.int(group.count)
            json.raw(",\"firstLines\":[")
            for (lineIndex, line) in group.firstLines.enumerated() {
                json.separator(lineIndex)
                json.int(line)
            }
            json.raw("]}")
        }
        json.raw("]")
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
