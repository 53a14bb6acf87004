/// Diffs a source's records against the state, target by target: creates, updates,
/// unchanged and removed keys. Sends nothing and writes nothing.
public struct Planner {
    public let mapping: Mapping
    public let state: StateStore

    public init(mapping: Mapping, state: StateStore) {
        self.mapping = mapping
        self.state = state
    }

    /// The newest row per key, as it was read.
    struct Entry {
        var line: Int
        var user: UserIdentity
        /// Custom attributes as `AttributeSet.canonicalJSON`.
        var properties: String
        var fingerprint: UInt64
        var optIns: [Bool?]
        var links: [String: String]
        var linkRejection: String?
    }

    /// The source's records, newest row per key, in order of first appearance.
    struct Records {
        var order: [String] = []
        var entries: [String: Entry] = [:]

        func forEach(_ body: (String, Entry) throws -> Void) rethrows {
            for key in order { try body(key, entries[key]!) }
        }
    }

    /// Reads the whole source and returns the plan. With `full`, every record is sent again.
    ///
    /// - Throws: `MissingColumnsError` before reading any row when a mapped column is missing;
    ///   the source's error when it becomes unreadable.
    public func plan(source: any RowSource, full: Bool = false) throws -> Plan {
        let builder = try RecordBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
        var plan = Plan(mapping: mapping.name, source: source.description)
        plan.pendingIntents = try state.pendingIntents(mapping: mapping.name).count
        let records = try read(source, with: builder, into: &plan)
        if !mapping.customAttributes.isEmpty { try planAttributes(records, full: full, into: &plan) }
        for subscription in mapping.subscriptions { try planSubscription(subscription, records, into: &plan) }
        if let links = mapping.identityLinks { try planIdentityLinks(links, records, full: full, into: &plan) }
        return plan
    }

    func read(_ source: any RowSource, with builder: RecordBuilder, into plan: inout Plan) throws -> Records {
        var records = Records()
        var duplicateLines: [String: [Int]] = [:]
        while let row = try source.next() {
            plan.rowsRead += 1
            switch row {
            case .rejected(let line, let reason):
                plan.rejected.append(RowRejection(line: line, reason: reason))
            case .row(let line, let fields):
                switch builder.build(line: line, fields: fields) {
                case .failure(let rejection):
                    plan.rejected.append(rejection)
                case .success(let record):
                    if !record.warnings.isEmpty { plan.warnings += 1 }
                    let properties = AttributeSet.canonicalJSON(record.attributes)
                    let entry = Entry(line: line, user: record.user, properties: properties,
                                      fingerprint: AttributeSet.fingerprint(canonicalJSON: properties),
                                      optIns: record.optIns, links: record.links, linkRejection: record.linkRejection)
                    if let previous = records.entries.updateValue(entry, forKey: record.key) {
                        duplicateLines[record.key, default: [previous.line]].append(line)
                    } else {
                        records.order.append(record.key)
                    }
                }
            }
        }
        plan.duplicates = records.order.compactMap { key in duplicateLines[key].map { DuplicateKey(key: key, lines: $0) } }
        return records
    }
}
