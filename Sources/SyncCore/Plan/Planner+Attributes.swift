/// Custom attributes: only changed attributes are sent; an empty cell is no change.
extension Planner {
    static let attributeScope = Target.customAttributes.rawValue

    func planAttributes(_ records: Records, full: Bool, into plan: inout Plan) throws {
        let known = try state.fingerprints(mapping: mapping.name, scope: Self.attributeScope)
        plan.unchanged[.customAttributes] = plan.unchanged[.customAttributes] ?? 0
        try records.forEach { key, entry in
            if let change = try attributeChange(key: key, entry: entry, known: known[key], full: full, plan: &plan) {
                plan.changes.append(change)
            }
        }
        if mapping.onRemoved.customAttributes == .clear {
            for key in known.keys.sorted() where records.isGone(key) {
                if let change = try clearing(key: key) { plan.changes.append(change) }
            }
        }
    }

    /// The change for one current key, or nil when it is unchanged (counted in `plan`).
    func attributeChange(key: String, entry: Entry, known: UInt64?, full: Bool, plan: inout Plan) throws -> Change? {
        if known == entry.fingerprint && !full {
            plan.unchanged[.customAttributes, default: 0] += 1
            return nil
        }
        let old = try known.flatMap { _ in try state.payload(mapping: mapping.name, scope: Self.attributeScope, key: key) }
        guard let old else {
            if entry.properties == AttributeSet.empty {
                plan.unchanged[.customAttributes, default: 0] += 1
                return nil
            }
            return attributeChange(.create, key: key, user: entry.user, line: entry.line, properties: entry.properties, fields: [],
                                   acknowledged: (entry.fingerprint, entry.properties))
        }
        let new = AttributeSet.decode(entry.properties) ?? [:]
        let changed = new.keys.sorted().filter { old[$0] != new[$0] }
        var merged = old
        merged.merge(new) { _, newer in newer }
        let payload = AttributeSet.canonicalJSON(merged)
        if changed.isEmpty && !(full && !new.isEmpty) {
            plan.unchanged[.customAttributes, default: 0] += 1
            plan.refreshed.append(AcknowledgedRecord(scope: Self.attributeScope, key: key, fingerprint: entry.fingerprint, payload: payload))
            return nil
        }
        let sent = full ? new : new.filter { changed.contains($0.key) }
        return attributeChange(.update, key: key, user: entry.user, line: entry.line, properties: AttributeSet.canonicalJSON(sent),
                               fields: changed.map { FieldChange(name: $0, old: old[$0], new: new[$0]) },
                               acknowledged: (entry.fingerprint, payload))
    }

    /// `onRemoved.customAttributes: clear`: every attribute the tool set, sent as an empty string.
    func clearing(key: String) throws -> Change? {
        guard let old = try state.payload(mapping: mapping.name, scope: Self.attributeScope, key: key) else { return nil }
        let cleared = old.mapValues { _ in AttributeValue.string("") }
        return attributeChange(.delete, key: key, user: UserIdentity(key: key, kind: mapping.identity.primary), line: nil,
                               properties: AttributeSet.canonicalJSON(cleared),
                               fields: old.keys.sorted().map { FieldChange(name: $0, old: old[$0], new: nil) },
                               acknowledged: (0, nil))
    }

    func attributeChange(_ operation: Change.Operation, key: String, user: UserIdentity, line: Int?, properties: String,
                         fields: [FieldChange], acknowledged: (fingerprint: UInt64, payload: String?)) -> Change {
        Change(key: key, target: .customAttributes, operation: operation, user: user, line: line,
               endpoint: .customAttributes, body: RequestBody.customAttributes(user: user, properties: properties),
               fields: fields,
               acknowledged: AcknowledgedRecord(scope: Self.attributeScope, key: key, fingerprint: acknowledged.fingerprint,
                                                payload: acknowledged.payload))
    }
}
