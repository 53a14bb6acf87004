/// What a person asks of a plan first, the same in every report format: per target the counts;
/// per field how many keys change it, its most common transitions and, for numbers and dates,
/// the spread of the change; rejected rows and warnings grouped by reason; duplicates; and the run the plan
/// compares against. Made in one pass over the plan's changes.
public struct PlanSummary: Sendable {
    public struct TargetLine: Sendable {
        public var target: Target
        public var counts: ChangeCounts
        public var pending: Int
        /// The target's own words beyond create, update and delete, by word.
        public var tallies: [(word: String, count: Int)]
    }

    public struct Transition: Sendable, Equatable {
        public var old: String?
        public var new: String?
        public var count: Int
    }

    /// The change of a number (new − old) or a date (days later, negative earlier), over the
    /// keys whose old and new values were both of that kind.
    public struct Spread: Sendable, Equatable {
        public var unit: String?
        public var min: Double
        public var max: Double
        public var total: Double
        public var count: Int
        public var mean: Double { total / Double(count) }
    }

    public struct Field: Sendable {
        public var target: Target
        public var name: String
        /// Keys whose value of this field changes.
        public var keys: Int
        /// The most common old → new pairs, most frequent first.
        public var transitions: [Transition]
        /// Keys whose change falls outside `transitions` counted exactly only while few
        /// distinct transitions were seen: past `FieldTally.distinctLimit`, counts are lower bounds.
        public var approximate: Bool
        public var spread: Spread?
        /// The lowest and highest new value, for a field whose new values are all numbers or all dates.
        public var range: ValueRange?
    }

    public struct ValueRange: Sendable, Equatable {
        public var min: String
        public var max: String
    }

    public struct ReasonGroup: Sendable, Equatable {
        public var target: Target?
        public var reason: String
        public var count: Int
        public var firstLines: [Int]
    }

    public var targets: [TargetLine] = []
    public var fields: [Field] = []
    public var rejections: [ReasonGroup] = []
    /// Rows used with a warning, grouped by reason (no target: a warning is about the row's person).
    public var warnings: [ReasonGroup] = []
    public var duplicates: Int
    public var duplicateExamples: [DuplicateKey]
    /// The last recorded run of the mapping, which the state reflects.
    public var comparedWith: RunSummary?

    static let transitionsShown = 5
    static let linesShown = 5

    /// `fields`: the tallies of a report that read every change already; otherwise the plan's
    /// changes are read here.
    public init(_ plan: Plan, comparedWith: RunSummary? = nil, fields: FieldTallies? = nil) {
        self.comparedWith = comparedWith
        duplicates = plan.duplicates.count
        duplicateExamples = Array(plan.duplicates.prefix(Self.linesShown))
        targets = plan.targetCounts.map { target, counts in
            TargetLine(target: target, counts: counts, pending: plan.pending[target] ?? 0,
                       tallies: (plan.tallies[target] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        self.fields = (fields ?? FieldTallies(plan.changes)).fields
        rejections = Self.group(plan.rejected.lazy.map { ($0.target, $0.reason, $0.line) })
        warnings = Self.group(plan.warnings.lazy.map { (nil, $0.reason, $0.line) })
    }

    /// Rows by target and reason, most frequent first, with the first lines of each.
    static func group(_ rows: some Sequence<(target: Target?, reason: String, line: Int)>) -> [ReasonGroup] {
        ReasonTally.groups(rows.lazy.map { ($0.target, $0.reason, $0.line) }, examplesShown: linesShown).map {
            ReasonGroup(target: $0.target, reason: $0.reason, count: $0.count, firstLines: $0.examples)
        }
    }
}

/// Items counted by target and reason (a rejection's, a note's words), most frequent first —
/// equally frequent ones in the order their first item came — with the first few examples of
/// each (lines, keys).
enum ReasonTally {
    struct Group<Example> {
        var target: Target?
        var reason: String
        var count: Int
        var examples: [Example]
    }

    static func groups<Example>(_ items: some Sequence<(target: Target?, reason: String, example: Example)>,
                                examplesShown: Int) -> [Group<Example>] {
        var groups: [Group<Example>] = []
        var index: [Key: Int] = [:]
        for item in items {
            let key = Key(target: item.target, reason: item.reason)
            if let known = index[key] {
                groups[known].count += 1
                if groups[known].examples.count < examplesShown { groups[known].examples.append(item.example) }
            } else {
                index[key] = groups.count
                groups.append(Group(target: item.target, reason: item.reason, count: 1, examples: [item.example]))
            }
        }
        return groups.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
    }

    private struct Key: Hashable { var target: Target?; var reason: String }
}

/// Every changed field's tally, counted over a plan's changes in order.
public struct FieldTallies {
    private struct FieldKey: Hashable { var target: Target; var name: String }
    private var tallies: [FieldTally] = []
    /// Each field's place in `tallies`.
    private var places: [FieldKey: Int] = [:]
    /// The last change's fields' places: most changes name the same fields as the one before.
    private var lastFields: [FieldKey] = [], lastPlaces: [Int] = []

    init(_ changes: some Sequence<Change>) {
        for change in changes { add(change) }
    }

    private mutating func add(_ change: Change) {
        let fields = change.reportedFields
        let same = fields.count == lastFields.count
            && fields.indices.allSatisfy { lastFields[$0].target == change.target && lastFields[$0].name == fields[$0].name }
        if !same {
            lastFields = fields.map { FieldKey(target: change.target, name: $0.name) }
            lastPlaces = []
            for key in lastFields { lastPlaces.append(place(of: key)) }
        }
        for (index, field) in fields.enumerated() { tallies[lastPlaces[index]].add(field) }
    }

    private mutating func place(of key: FieldKey) -> Int {
        if let known = places[key] { return known }
        places[key] = tallies.count
        tallies.append(FieldTally())
        return tallies.count - 1
    }

    /// By target in report order, then by name.
    var fields: [PlanSummary.Field] {
        places.sorted { $0.key.target.index != $1.key.target.index ? $0.key.target.index < $1.key.target.index : $0.key.name < $1.key.name }
            .map { tallies[$0.value].field(target: $0.key.target, name: $0.key.name) }
    }
}

/// One field's changes as they are counted.
struct FieldTally {
    /// Distinct old → new pairs kept per field: a field with a distinct value per key (an
    /// amount) would otherwise hold every value in memory.
    static let distinctLimit = 10_000

    private struct Pair: Hashable { var old: String?; var new: String? }
    private var pairs: [Pair: Int] = [:]
    private var keys = 0
    private var overflow = false
    private var spread: PlanSummary.Spread?
    private var spreadBroken = false
    /// The new values' order (a number, a date's day) and text at both ends.
    private var low: (order: Double, text: String, unit: String?)?
    private var high: (order: Double, text: String, unit: String?)?
    private var rangeBroken = false

    mutating func add(_ field: FieldChange) {
        keys += 1
        let pair = Pair(old: field.old?.displayText, new: field.new?.displayText)
        if let known = pairs.index(forKey: pair) {
            pairs.values[known] += 1
        } else if pairs.count < Self.distinctLimit {
            pairs[pair] = 1
        } else {
            overflow = true
        }
        if !rangeBroken, let new = field.new { extendRange(new) }
        guard !spreadBroken, let old = field.old, let new = field.new else { return }
        guard let (difference, unit) = Self.difference(old, new), spread.map({ $0.unit == unit }) ?? true else {
            spreadBroken = true
            spread = nil
            return
        }
        if var s = spread {
            s.min = Swift.min(s.min, difference)
            s.max = Swift.max(s.max, difference)
            s.total += difference
            s.count += 1
            spread = s
        } else {
            spread = PlanSummary.Spread(unit: unit, min: difference, max: difference, total: difference, count: 1)
        }
    }

    private mutating func extendRange(_ value: AttributeValue) {
        guard let (order, unit) = Self.order(value), low.map({ $0.unit == unit }) ?? true else {
            rangeBroken = true
            return
        }
        if low.map({ order < $0.order }) ?? true { low = (order, value.displayText, unit) }
        if high.map({ order > $0.order }) ?? true { high = (order, value.displayText, unit) }
    }

    func field(target: Target, name: String) -> PlanSummary.Field {
        // Ties by their text, new then old: the same plan reads the same in every process.
        let top = pairs.sorted { $0.value != $1.value ? $0.value > $1.value : ($0.key.new ?? "", $0.key.old ?? "") < ($1.key.new ?? "", $1.key.old ?? "") }
            .prefix(PlanSummary.transitionsShown)
            .map { PlanSummary.Transition(old: $0.key.old, new: $0.key.new, count: $0.value) }
        var range: PlanSummary.ValueRange?
        if !rangeBroken, let low, let high { range = PlanSummary.ValueRange(min: low.text, max: high.text) }
        return PlanSummary.Field(target: target, name: name, keys: keys, transitions: top, approximate: overflow, spread: spread, range: range)
    }

    /// A number's value, or a date's day number (unit `days`); nil for other values.
    static func order(_ value: AttributeValue) -> (Double, String?)? {
        switch value {
        case .number(let text): Double(text).map { ($0, nil) }
        case .string(let text): dayNumber(text).map { (Double($0), "days") }
        case .boolean: nil
        }
    }

    /// new − old for two numbers; days between two dates (`YYYY-MM-DD…`); nil otherwise.
    static func difference(_ old: AttributeValue, _ new: AttributeValue) -> (Double, String?)? {
        guard let (a, unit) = order(old), let (b, newUnit) = order(new), unit == newUnit else { return nil }
        return (b - a, unit)
    }

    /// Days since 1970-01-01 of a date (`YYYY-MM-DD`) or a datetime (its UTC day), as the
    /// value parser writes them; nil for any other text.
    static func dayNumber(_ text: String) -> Int? {
        ISO8601Text.value(text).map { CalendarDateTime.daysFromCivil(year: $0.year, month: $0.month, day: $0.day) }
    }
}
