/// How every report format words the summary: one phrasing for text and HTML.
enum ReportWords {
    static func comparedWith(_ run: RunSummary?) -> String {
        guard let run else { return "Compared with: an empty state (no run recorded yet: everything is new)" }
        return "Compared with run \(run.id): \(run.command), started \(run.startedAt), \(run.status.rawValue)"
    }

    /// `customAttributes: 12 create`, `300 update`, … in the target's own words.
    static func counts(_ line: PlanSummary.TargetLine) -> [String] {
        let c = line.counts
        var parts = ["\(line.target.rawValue): \(c.create.grouped) \(line.target.createWord)", "\(c.update.grouped) update",
                     "\(c.delete.grouped) \(line.target.deleteWord)", "\(c.unchanged.grouped) unchanged", "\(c.rejected.grouped) rejected"]
        if line.pending > 0 { parts.append("\(line.pending.grouped) pending (an earlier run's, not sent again)") }
        parts += line.tallies.map { "\($0.count.grouped) \($0.word)" }
        return parts
    }

    static func range(_ range: PlanSummary.ValueRange) -> String {
        range.min == range.max ? "all \(range.min)" : "values \(range.min) to \(range.max)"
    }

    static func spread(_ spread: PlanSummary.Spread) -> String {
        let unit = spread.unit.map { " \($0)" } ?? ""
        if spread.min == spread.max { return "change \(number(spread.min))\(unit) each" }
        return "change \(number(spread.min)) to \(number(spread.max))\(unit), mean \(number(spread.mean))"
    }

    /// `Gold → Platinum`; a value newly set is the value alone.
    static func transition(_ transition: PlanSummary.Transition) -> String {
        transition.old == nil ? transition.new ?? "(none)" : "\(transition.old!) → \(transition.new ?? "(none)")"
    }

    /// `Loyalty Tier: 4,812 keys; values 0 to 99; change -3 to +12, mean +2.1`.
    static func field(_ field: PlanSummary.Field) -> String {
        var line = "\(field.name): \(field.keys.grouped) \(field.keys == 1 ? "key" : "keys")"
        if let range = field.range { line += "; " + Self.range(range) }
        if let spread = field.spread { line += "; " + Self.spread(spread) }
        return line
    }

    /// The transitions more than one key shares, `Gold → Platinum 1,203`, most common first; nil
    /// for a field of numbers or dates whose changes mostly differ (its range says more).
    static func transitions(_ field: PlanSummary.Field) -> [String]? {
        let shared = field.transitions.filter { $0.count > 1 }
        let covered = shared.reduce(0) { $0 + $1.count }
        if let range = field.range, covered * 10 < field.keys || range.min == range.max { return nil }
        if shared.isEmpty { return ["every key has a value of its own"] }
        let more = covered < field.keys ? ["…"] : []
        return shared.map { "\(transition($0)) \($0.count.grouped)" } + more
    }

    /// `1,002 × phone: not a valid phone number`, `lines 3, 17, …`: two parts, so that a
    /// long reason does not push the lines out of an 80-column line.
    static func reasonGroup(_ group: PlanSummary.ReasonGroup) -> [String] {
        let scope = group.target.map { " (\($0.rawValue) only)" } ?? ""
        let more = group.count > group.firstLines.count ? ", …" : ""
        let lines = group.count == 1 ? "line" : "lines"
        return ["\(group.count.grouped) × \(group.reason)\(scope)", "\(lines) \(group.firstLines.map(String.init).joined(separator: ", "))\(more)"]
    }

    static func result(_ result: SendResult) -> [String] {
        var parts = ["\(result.acknowledged.grouped) sent", "\(result.failures.count.grouped) failed"]
        if result.notAttempted > 0 { parts.append("\(result.notAttempted.grouped) not attempted") }
        if result.pending > 0 { parts.append("\(result.pending.grouped) pending (settled next run)") }
        if result.bulkJobs > 0 { parts.append("\(result.bulkRecords.grouped) records in \(result.bulkJobs.grouped) bulk jobs") }
        return parts
    }

    /// A value as a change line shows it: text quoted, numbers and booleans bare.
    static func show(_ value: AttributeValue?) -> String {
        switch value {
        case nil: "(none)"
        case .string(let text): JSONText.quoted(text)
        case let value?: value.displayText
        }
    }

    /// `+12`, `-3.5`, `0`: signed, at most two decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return rounded > 0 ? "+" + text : text
    }
}

extension Int {
    /// `1234567` → `1,234,567`.
    var grouped: String {
        let digits = String(magnitude)
        var out = self < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

/// The first changes of each target, for the reports that list a sample. Up to a limit, one
/// pass over the spool that stops once every target has its share, the changes held; with no
/// limit, each target's changes are streamed from the spool as they are listed, held nowhere.
struct ChangeSample {
    var target: Target
    /// The target's changes in the plan.
    var total: Int
    /// How many `changes` lists.
    var shown: Int
    var changes: AnySequence<Change>

    /// Up to `limit` changes per target (0: all), targets in report order.
    static func first(_ limit: Int, of plan: Plan) -> [ChangeSample] {
        var totals: [Target: Int] = [:]
        plan.changes.forEachEntry { totals[$0.target, default: 0] += 1 }
        let targets = Target.allCases.filter { totals[$0] != nil }
        guard limit > 0 else {
            return targets.map { target in
                ChangeSample(target: target, total: totals[target]!, shown: totals[target]!,
                             changes: AnySequence(plan.changes.lazy.filter { $0.target == target }))
            }
        }
        var samples: [Target: [Change]] = [:]
        var wanted = totals.values.reduce(0) { $0 + Swift.min($1, limit) }
        for change in plan.changes {
            guard samples[change.target, default: []].count < limit else { continue }
            samples[change.target, default: []].append(change)
            wanted -= 1
            if wanted == 0 { break }
        }
        return targets.map { target in
            let changes = samples[target] ?? []
            return ChangeSample(target: target, total: totals[target]!, shown: changes.count, changes: AnySequence(changes))
        }
    }
}

/// Notes of one target with the same words, counted, with their first keys: a run's 202
/// `NEWLY_CREATED` subscriptions read as one line.
struct NoteGroup: Equatable {
    var target: Target
    var note: String
    var count: Int
    var firstKeys: [String]

    static let keysShown = 5

    /// Most frequent first; groups as frequent in the order their first note came.
    static func groups(_ notes: [ChangeNote]) -> [NoteGroup] {
        ReasonTally.groups(notes.lazy.map { ($0.target, $0.note, $0.key) }, examplesShown: keysShown).map {
            NoteGroup(target: $0.target!, note: $0.reason, count: $0.count, firstKeys: $0.examples)
        }
    }

    /// `202 × subscriptions: NEWLY_CREATED`, `+14349295863, +17038581726, …`.
    var parts: [String] {
        ["\(count.grouped) × \(target.rawValue): \(note)", firstKeys.joined(separator: ", ") + (count > firstKeys.count ? ", …" : "")]
    }
}
