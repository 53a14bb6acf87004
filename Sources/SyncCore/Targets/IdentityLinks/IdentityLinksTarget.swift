extension TargetDescription {
    static let identityLinks = TargetDescription(name: "identityLinks", endpoints: [.identify])
}

extension Target {
    public static let identityLinks = Target(.identityLinks)
}

/// Identity links: sent when any linked value (or the person's phone or email) changes.
struct IdentityLinksTarget: CustomerTarget {
    var target: Target { .identityLinks }
    var scope: Scope { .identityLinks }

    func counts(_ entry: Planner.Entry) -> Bool { true }

    func plan(_ records: Planner.Records, in planner: Planner, full: Bool, into plan: inout Plan) throws {
        let known = try planner.fingerprints(scope: scope, of: records)
        plan.unchanged[target] = plan.unchanged[target] ?? 0
        // The links that moved, then what the state holds for them, read in one pass.
        var moved: [(key: String, record: Planner.Entry, linked: [String: AttributeValue], payload: String, fingerprint: UInt64)] = []
        records.forEach { key, record in
            if let reason = record.linkRejection {
                plan.rejected.append(RowRejection(line: record.line, reason: reason, target: target))
                plan.unsettledKeys.insert(key)
                return
            }
            var linked = record.links.mapValues(AttributeValue.string)
            if let phone = record.user.phone { linked["phone"] = .string(phone) }
            if let email = record.user.email { linked["email"] = .string(email) }
            let payload = AttributeSet.canonicalJSON(linked)
            let fingerprint = AttributeSet.fingerprint(canonicalJSON: payload)
            if known[key] == fingerprint && !full {
                plan.unchanged[target, default: 0] += 1
                return
            }
            moved.append((key, record, linked, payload, fingerprint))
        }
        let stored = try planner.state.payloadTexts(mapping: planner.mapping.name, scope: scope,
                                                    of: moved.lazy.map(\.key).filter { known[$0] != nil })
        for (key, record, linked, payload, fingerprint) in moved {
            let old = stored[key].flatMap(AttributeSet.decode)
            let changed = linked.keys.sorted().filter { old?[$0] != linked[$0] }
            try plan.changes.append(Change(
                key: key, target: target, operation: old == nil ? .create : .update, user: record.user, line: record.line,
                request: .identify(links: record.links),
                fields: old == nil ? [] : changed.map { FieldChange(name: $0, old: old?[$0], new: linked[$0]) },
                acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: fingerprint, payload: payload)))
        }
    }
}
