extension TargetDescription {
    static let customAttributes = TargetDescription(name: "customAttributes", endpoints: [.customAttributes])
}

extension Target {
    public static let customAttributes = Target(.customAttributes)
}

/// Custom attributes: only changed attributes are sent; an empty cell is no change.
struct CustomAttributesTarget: CustomerTarget {
    var target: Target { .customAttributes }
    var scope: Scope { .customAttributes }

    func counts(_ entry: Planner.Entry) -> Bool { true }

    func plan(_ records: Planner.Records, in planner: Planner, full: Bool, into plan: inout Plan) throws {
        // Clearing removed keys needs every key; otherwise only the built ones are compared.
        let clearsRemoved = planner.mapping.onRemoved.customAttributes == .clear
        let state = try Planner.StoredRecords(scope: scope, of: records, in: planner, everyKey: clearsRemoved)
        plan.unchanged[target] = plan.unchanged[target] ?? 0
        try records.forEachChunk(of: Planner.batchSize) { chunk in
            // What the state holds for the chunk's keys, read before the work is shared out
            // (the state is one connection).
            let stored = try state.of(chunk.lazy.map { ($0.key, full ? nil : $0.entry.fingerprint) })
            let outcomes = chunk.parallelMap { [stored] key, entry in
                attributeOutcome(key: key, entry: entry, stored: stored[key], full: full)
            }
            for outcome in outcomes {
                switch outcome {
                case .unchanged(let refreshed):
                    plan.unchanged[target, default: 0] += 1
                    if let refreshed { plan.refreshed.append(refreshed) }
                case .changed(let change):
                    try plan.changes.append(change)
                }
            }
        }
        if clearsRemoved, let known = state.fingerprints {
            for key in known.keys.sorted() where records.isGone(key) {
                if let change = try clearing(key: key, in: planner) { try plan.changes.append(change) }
            }
        }
    }

    enum AttributeOutcome: Sendable {
        /// With the state to record when the values stay but the fingerprint moved.
        case unchanged(refreshed: AcknowledgedRecord?)
        case changed(Change)
    }

    /// What one current key's attributes come to, against the fingerprint and payload the state holds.
    func attributeOutcome(key: String, entry: Planner.Entry, stored: Planner.StoredRecords.Record?, full: Bool) -> AttributeOutcome {
        if stored?.fingerprint == entry.fingerprint && !full { return .unchanged(refreshed: nil) }
        guard let old = stored?.payload.flatMap(AttributeSet.members) else {
            if entry.properties == AttributeSet.empty { return .unchanged(refreshed: nil) }
            return .changed(attributeChange(.create, key: key, user: entry.user, line: entry.line, properties: entry.properties,
                                            fields: [], acknowledged: (entry.fingerprint, entry.properties)))
        }
        let new = AttributeSet.members(entry.properties) ?? []
        let (merged, fields) = Self.merge(old, new)
        let payload = AttributeSet.canonicalJSON(merged)
        if fields.isEmpty && !(full && !new.isEmpty) {
            return .unchanged(refreshed: AcknowledgedRecord(scope: scope, key: key, fingerprint: entry.fingerprint,
                                                            payload: payload))
        }
        let sent = full ? entry.properties : AttributeSet.canonicalJSON(new.filter { member in fields.contains { $0.name == member.name } })
        return .changed(attributeChange(.update, key: key, user: entry.user, line: entry.line, properties: sent,
                                        fields: fields, acknowledged: (entry.fingerprint, payload)))
    }

    /// The state's attributes with the row's laid over them, both in canonical order, and the
    /// row's attributes whose values differ from the state's.
    static func merge(_ old: [AttributeSet.Member], _ new: [AttributeSet.Member]) -> (merged: [AttributeSet.Member], changed: [FieldChange]) {
        var merged: [AttributeSet.Member] = [], changed: [FieldChange] = []
        merged.reserveCapacity(max(old.count, new.count))
        var older = old[...]
        for member in new {
            while let first = older.first, first.name < member.name { merged.append(older.removeFirst()) }
            let before = older.first?.name == member.name ? older.removeFirst() : nil
            if before?.literal != member.literal {
                let (was, now) = (before?.value, member.value)
                if was != now { changed.append(FieldChange(name: member.name, old: was, new: now)) }
            }
            merged.append(member)
        }
        merged += older
        return (merged, changed)
    }

    /// `onRemoved.customAttributes: clear`: every attribute the tool set, sent as an empty string.
    func clearing(key: String, in planner: Planner) throws -> Change? {
        guard let old = try planner.state.attributes(mapping: planner.mapping.name, scope: scope, key: key) else { return nil }
        let cleared = old.mapValues { _ in AttributeValue.string("") }
        return attributeChange(.delete, key: key, user: UserIdentity(key: key, kind: planner.mapping.identity.primary), line: nil,
                               properties: AttributeSet.canonicalJSON(cleared),
                               fields: old.keys.sorted().map { FieldChange(name: $0, old: old[$0], new: nil) },
                               acknowledged: (0, nil))
    }

    func attributeChange(_ operation: Change.Operation, key: String, user: UserIdentity, line: Int?, properties: String,
                         fields: [FieldChange], acknowledged: (fingerprint: UInt64, payload: String?)) -> Change {
        Change(key: key, target: target, operation: operation, user: user, line: line,
               request: .customAttributes(properties: properties),
               fields: fields,
               acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: acknowledged.fingerprint,
                                                payload: acknowledged.payload))
    }
}

extension StateStore {
    /// The attributes the state holds for a key (stored as `AttributeSet.canonicalJSON`).
    func attributes(mapping: String, scope: Scope, key: String) throws -> [String: AttributeValue]? {
        try payloadText(mapping: mapping, scope: scope, key: key).flatMap(AttributeSet.decode)
    }
}
