import Foundation

/// Plans an events mapping: every event the source holds that was never sent, each once.
///
/// Custom events come one per row; eCommerce events one per order, its lines grouped by order
/// id (on disk when they do not fit `memoryBudget`, as catalog variants are). An event whose id
/// the state holds is not sent again: counted unchanged, or `changed after sending` when its
/// row now says otherwise (events are facts), or `unknown` when an earlier answer was lost
/// (sent again only with `resendUnknown`). Events past `maxAge` are rejected; those older than
/// Attentive's 12 hours are `stale` and those ahead of the clock `in the future`, sent and
/// listed. Sends nothing and writes nothing.
public struct EventPlanner {
    public let mapping: EventMapping
    public let state: any StateStore
    /// Ages are measured from here.
    public var now: Date
    public var resendUnknown: Bool
    public var memoryBudget: Int

    /// What the state holds for an event that was sent (`sent`) or whose answer was lost (`unknown`).
    public static let sentPayload = "sent", unknownPayload = "unknown"

    /// The words a plan counts events by, beside create and unchanged.
    public enum Tally {
        public static let stale = "stale", future = "in the future", unknown = "unknown"
        public static let changedAfterSending = "changed after sending", forgotten = "forgotten"
    }

    /// Notes listed per target and word; the counts are whole.
    static let notesPerTally = 1_000

    public init(mapping: EventMapping, state: any StateStore, now: Date = Date(), resendUnknown: Bool = false,
                memoryBudget: Int = CatalogPlanner.defaultMemoryBudget) {
        self.mapping = mapping
        self.state = state
        self.now = now
        self.resendUnknown = resendUnknown
        self.memoryBudget = memoryBudget
    }

    /// What the state knows of one kind's events, and the ids this plan met.
    struct Known {
        var fingerprints: [String: UInt64]
        var unknown: Set<String>
        var seen: [String: UInt32] = [:]
    }

    /// The plan, and for an incremental source the watermark its rows give.
    public struct Planned: Sendable {
        public var plan: Plan
        public var watermark: Watermark?
    }

    /// Reads the whole source and returns the plan.
    ///
    /// - Throws: `MissingColumnsError` before reading any row when a mapped column is missing;
    ///   the source's error when it becomes unreadable; an I/O error from the sort's files.
    public func plan(source: any RowSource) throws -> Planned {
        let builder = try EventBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
        let referenced = mapping.referencedColumns
        let needed = Set(referenced)
        source.neededColumns = source.columns.map(needed.contains)
        let projection = try CatalogPlanner.projection(of: referenced, in: source)
        // Order lines are grouped with the order id first, then every referenced column.
        let lineBuilders = try mapping.ecommerce.map { event in
            try EventBuilder(mapping: mapping, columns: [event.orderId] + referenced, sourceName: source.description)
        }
        let orderColumns = try mapping.ecommerce.map { try CatalogPlanner.projection(of: [$0.orderId], in: source)[0] }
        var plan = Plan(mapping: mapping.name, source: source.description)
        var watermark = mapping.incremental.map { _ in Watermark() }
        // The watermark's cell in a source row, and in an order line (order id first).
        let watermarkColumn = try mapping.incremental.map { try CatalogPlanner.projection(of: [$0.column], in: source)[0] }
        let lineWatermarkColumn = mapping.incremental.flatMap { incremental in referenced.firstIndex(of: incremental.column).map { $0 + 1 } }
        var known: [EventKind: Known] = [:]
        let kinds = (mapping.customEvents.isEmpty ? [] : [EventKind.customEvents]) + mapping.ecommerce.map(\.kind)
        for kind in kinds {
            let payloads = try state.payloads(mapping: mapping.name, scope: .event(kind))
            known[kind] = Known(fingerprints: try state.fingerprints(mapping: mapping.name, scope: .event(kind)),
                                unknown: Set(payloads.lazy.filter { $0.value == Self.unknownPayload }.map(\.key)))
            plan.unchanged[kind.target] = 0
            if expires(kind) {
                let forgotten = try state.expiredRecords(mapping: mapping.name, scope: .event(kind), before: retentionCutoff)
                if forgotten > 0 { plan.tallies[kind.target, default: [:]][Tally.forgotten] = forgotten }
            }
        }
        let sorters = mapping.ecommerce.map { _ in
            ProductRowSorter(memoryBudget: memoryBudget / max(1, mapping.ecommerce.count), maximumRowsPerProduct: 10_000)
        }
        while let row = try source.next() {
            plan.rowsRead += 1
            switch row {
            case .rejected(let line, let reason):
                plan.rejected.append(RowRejection(line: line, reason: reason))
            case .row(let line, let fields):
                var warnings: [String] = []
                let person: (key: String, user: UserIdentity)
                switch builder.identity.read(line: line, fields: fields, warnings: &warnings) {
                case .success(let read): person = read
                case .failure(let rejection):
                    plan.rejected.append(rejection)
                    if let watermarkColumn { watermark?.done(fields[watermarkColumn]) }
                    continue
                }
                let cells = watermarkColumn.map { [fields[$0]] } ?? []
                plan.warnings += warnings.map { RowWarning(line: line, reason: $0) }
                for index in mapping.customEvents.indices {
                    try take(builder.customEvent(index, line: line, fields: fields, user: person.user), kind: .customEvents,
                             cells: cells, known: &known[.customEvents]!, watermark: &watermark, into: &plan)
                }
                for (index, event) in mapping.ecommerce.enumerated() {
                    let orderId = fields[orderColumns[index]].trimmedValue
                    guard !orderId.isEmpty else {
                        plan.rejected.append(RowRejection(line: line, reason: "orderId (column \(event.orderId)): empty", target: event.kind.target))
                        cells.forEach { watermark?.done($0) }
                        continue
                    }
                    try sorters[index].add(VariantRow(line: line, fields: [orderId] + projection.map { fields[$0] }))
                }
            }
        }
        for (index, event) in mapping.ecommerce.enumerated() {
            let orders = try sorters[index].finish()
            while let order = try orders.next() {
                try take(lineBuilders[index].ecommerceEvent(index, kind: event.kind, order: order), kind: event.kind,
                         cells: lineWatermarkColumn.map { column in order.rows.map { $0.fields[column] } } ?? [],
                         known: &known[event.kind]!, watermark: &watermark, into: &plan)
            }
        }
        return Planned(plan: plan, watermark: watermark)
    }

    /// Whether the state forgets a kind's ids after `retention`: only when its events have a
    /// time, so that one older than the retention is held back rather than sent again.
    func expires(_ kind: EventKind) -> Bool {
        kind == .customEvents ? mapping.customEvents.allSatisfy { $0.occurredAt != nil }
            : mapping.ecommerce.first { $0.kind == kind }?.occurredAt != nil
    }

    /// Ids acknowledged before this are forgotten.
    var retentionCutoff: Date { now.addingTimeInterval(-Double(mapping.retentionSeconds)) }

    /// One built event (or why not), decided against what the state and this plan hold; `cells`
    /// are its rows' watermark cells: pending when it is to be sent, else done.
    func take(_ built: Result<EventBuilder.Event, RowRejection>, kind: EventKind, cells: [String], known: inout Known,
              watermark: inout Watermark?, into plan: inout Plan) throws {
        let event: EventBuilder.Event
        switch built {
        case .failure(let rejection):
            plan.rejected.append(rejection)
            cells.forEach { watermark?.done($0) }
            return
        case .success(let found):
            event = found
        }
        guard try decide(event, kind: kind, known: &known, into: &plan) else {
            cells.forEach { watermark?.done($0) }
            return
        }
        cells.forEach { watermark?.pending($0, scope: .event(kind), id: event.id) }
    }

    /// Whether `event` is to be sent (its change then in `plan`); else why not, in `plan`.
    func decide(_ event: EventBuilder.Event, kind: EventKind, known: inout Known, into plan: inout Plan) throws -> Bool {
        let target = kind.target
        let age = event.occurredAt.map { Int(now.timeIntervalSince1970) - $0 }
        if let age, age > mapping.oldestSentSeconds {
            let limit = mapping.maxAgeSeconds.map { "maxAge \(Self.duration($0))" } ?? "the retention of sent ids (\(Self.duration(mapping.retentionSeconds)))"
            plan.rejected.append(RowRejection(line: event.line, reason: "occurredAt: \(Self.duration(age)) old, past \(limit): not sent",
                                              target: target))
            return false
        }
        if let fingerprint = known.fingerprints[event.id] {
            if known.unknown.contains(event.id) {
                guard resendUnknown else {
                    tally(Tally.unknown, event: event, target: target,
                          note: "its answer was lost in an earlier run: not sent again (--resend-unknown sends it)", into: &plan)
                    return false
                }
            } else {
                if fingerprint == event.fingerprint {
                    plan.unchanged[target, default: 0] += 1
                } else {
                    tally(Tally.changedAfterSending, event: event, target: target,
                          note: "its row changed after it was sent: events are facts, not sent again", into: &plan)
                }
                return false
            }
        }
        if let first = known.seen.updateValue(UInt32(event.line), forKey: event.id) {
            known.seen[event.id] = first
            plan.duplicates.append(DuplicateKey(key: event.id, lines: [first, UInt32(event.line)]))
            return false
        }
        if let age, age > EventMapping.staleAfterSeconds {
            tally(Tally.stale, event: event, target: target,
                  note: "occurred \(Self.duration(age)) ago: sent, but Attentive starts no journey for an event older than 12 hours", into: &plan)
        } else if let age, -age > EventMapping.futureAfterSeconds {
            tally(Tally.future, event: event, target: target,
                  note: "occurs \(Self.duration(-age)) from now: is the source's clock or time zone off?", into: &plan)
        }
        try plan.changes.append(Change(
            key: event.id, target: target, operation: .create, user: event.user, line: event.line,
            request: .event(kind, members: event.members), fields: event.fields,
            acknowledged: AcknowledgedRecord(scope: .event(kind), key: event.id, fingerprint: event.fingerprint, payload: Self.sentPayload)))
        return true
    }

    func tally(_ word: String, event: EventBuilder.Event, target: Target, note: String, into plan: inout Plan) {
        let count = plan.tallies[target, default: [:]][word, default: 0]
        plan.tallies[target, default: [:]][word] = count + 1
        if count < Self.notesPerTally { plan.notes.append(ChangeNote(key: event.id, target: target, note: "\(word): \(note)")) }
    }

    /// `3 days`, `5 hours`, `12 minutes`.
    static func duration(_ seconds: Int) -> String {
        if seconds >= 2 * 86_400 { return "\(seconds / 86_400) days" }
        if seconds >= 2 * 3_600 { return "\(seconds / 3_600) hours" }
        return "\(max(0, seconds) / 60) minutes"
    }
}
