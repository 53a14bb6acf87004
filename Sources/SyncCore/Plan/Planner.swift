/// Diffs a source's records against the state: creates, updates, unchanged and removed keys.
/// Sends nothing and writes nothing.
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
        var properties: String
        var fingerprint: UInt64
    }

    /// Reads the whole source and returns the plan. With `full`, every record is sent again.
    ///
    /// - Throws: `MissingColumnsError` before reading any row when a mapped column is missing;
    ///   the source's error when it becomes unreadable; `SourceCanceledError` once
    ///   `cancellation` is cancelled.
    public func plan(source: any RowSource, full: Bool = false, cancellation: SourceCancellation? = nil) throws -> Plan {
        let builder = try RecordBuilder(mapping: mapping, columns: source.columns, sourceName: source.description)
        let known = try state.fingerprints(mapping: mapping.name, target: .customAttributes)
        var plan = Plan(mapping: mapping.name, source: source.description)
        var order: [String] = []
        var entries: [String: Entry] = [:]
        var duplicateLines: [String: [Int]] = [:]

        while let row = try source.next() {
            plan.rowsRead += 1
            if plan.rowsRead & 0x3FF == 0 { try cancellation?.check(source.description) }
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
                                      fingerprint: AttributeSet.fingerprint(canonicalJSON: properties))
                    if let previous = entries.updateValue(entry, forKey: record.key) {
                        duplicateLines[record.key, default: [previous.line]].append(line)
                    } else {
                        order.append(record.key)
                    }
                }
            }
        }

        for key in order {
            let entry = entries[key]!
            if let change = try change(key: key, entry: entry, known: known[key], full: full, plan: &plan) {
                plan.changes.append(change)
            }
        }
        plan.duplicates = order.compactMap { key in duplicateLines[key].map { DuplicateKey(key: key, lines: $0) } }
        if mapping.onRemoved.customAttributes == .clear {
            for key in known.keys.sorted() where entries[key] == nil {
                if let change = try clearing(key: key) { plan.changes.append(change) }
            }
        }
        return plan
    }

    /// The change for one current key, or nil when it is unchanged (counted in `plan`).
    func change(key: String, entry: Entry, known: UInt64?, full: Bool, plan: inout Plan) throws -> Change? {
        if known == entry.fingerprint && !full {
            plan.unchanged += 1
            return nil
        }
        let old = try known.flatMap { _ in try state.payload(mapping: mapping.name, target: .customAttributes, key: key) }
        guard let old else {
            if entry.properties == AttributeSet.empty {
                plan.unchanged += 1
                return nil
            }
            return Change(
                key: key, target: .customAttributes, operation: .create, user: entry.user, line: entry.line,
                properties: entry.properties, fields: [],
                acknowledged: AcknowledgedRecord(key: key, fingerprint: entry.fingerprint, payload: entry.properties))
        }
        let new = AttributeSet.decode(entry.properties) ?? [:]
        let changed = new.keys.sorted().filter { old[$0] != new[$0] }
        var merged = old
        merged.merge(new) { _, newer in newer }
        let acknowledged = AcknowledgedRecord(key: key, fingerprint: entry.fingerprint, payload: AttributeSet.canonicalJSON(merged))
        if changed.isEmpty && !(full && !new.isEmpty) {
            plan.unchanged += 1
            plan.refreshed.append(acknowledged)
            return nil
        }
        let sent = full ? new : new.filter { changed.contains($0.key) }
        return Change(
            key: key, target: .customAttributes, operation: .update, user: entry.user, line: entry.line,
            properties: AttributeSet.canonicalJSON(sent),
            fields: changed.map { FieldChange(name: $0, old: old[$0], new: new[$0]) },
            acknowledged: acknowledged)
    }

    /// `onRemoved.customAttributes: clear`: every attribute the tool set, sent as an empty string.
    func clearing(key: String) throws -> Change? {
        guard let old = try state.payload(mapping: mapping.name, target: .customAttributes, key: key) else { return nil }
        let cleared = old.mapValues { _ in AttributeValue.string("") }
        return Change(
            key: key, target: .customAttributes, operation: .delete,
            user: UserIdentity(key: key, kind: mapping.identity.primary), line: nil,
            properties: AttributeSet.canonicalJSON(cleared),
            fields: old.keys.sorted().map { FieldChange(name: $0, old: old[$0], new: nil) },
            acknowledged: AcknowledgedRecord(key: key, fingerprint: 0, payload: nil))
    }
}
