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
        let state = try Planner.StoredRecords(scope: scope, of: records, in: planner)
        plan.unchanged[target] = plan.unchanged[target] ?? 0
        // Each record's links, then what the state holds for them, read in one pass.
        var built: [(key: String, record: Planner.Entry, linked: [String: AttributeValue], payload: String, fingerprint: UInt64)] = []
        records.forEach { key, record in
            if let reason = record.linkRejection {
                plan.rejected.append(RowRejection(line: record.line, reason: reason, target: target))
                plan.unsettledKeys.insert(key)
                return
            }
            var links = record.links.mapValues(AttributeValue.string)
            if let phone = record.user.phone { links["phone"] = .string(phone) }
            if let email = record.user.email { links["email"] = .string(email) }
            let payload = AttributeSet.canonicalJSON(links)
            built.append((key, record, links, payload, AttributeSet.fingerprint(canonicalJSON: payload)))
        }
        let stored = try state.of(built.lazy.map { ($0.key, full ? nil : $0.fingerprint) })
        let moved = built.filter { full || stored[$0.key]?.fingerprint != $0.fingerprint }
        plan.unchanged[target, default: 0] += built.count - moved.count
        for (key, record, linked, payload, fingerprint) in moved {
            let old = stored[key]?.payload.flatMap(AttributeSet.decode)
            let changed = linked.keys.sorted().filter { old?[$0] != linked[$0] }
            try plan.changes.append(Change(
                key: key, target: target, operation: old == nil ? .create : .update, user: record.user, line: record.line,
                request: .identify(links: record.links),
                fields: old == nil ? [] : changed.map { FieldChange(name: $0, old: old?[$0], new: linked[$0]) },
                acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: fingerprint, payload: payload)))
        }
    }
}
