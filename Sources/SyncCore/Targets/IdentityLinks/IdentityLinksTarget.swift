extension Target {
    public static let identityLinks = Target("identityLinks", endpoints: [.identify])
}

/// Identity links: sent when any linked value (or the person's phone or email) changes.
struct IdentityLinksTarget: CustomerTarget {
    let links: IdentityLinksMapping

    var target: Target { .identityLinks }
    var scope: Scope { .identityLinks }

    func counts(_ entry: Planner.Entry) -> Bool { true }

    func plan(_ records: Planner.Records, in planner: Planner, full: Bool, into plan: inout Plan) throws {
        let (mapping, state) = (planner.mapping, planner.state)
        let known = try planner.fingerprints(scope: scope, of: records)
        plan.unchanged[target] = plan.unchanged[target] ?? 0
        try records.forEach { key, record in
            if let reason = record.linkRejection {
                plan.rejected.append(RowRejection(line: record.line, reason: reason, target: .identityLinks))
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
            let old = try known[key] == nil ? nil : state.attributes(mapping: mapping.name, scope: scope, key: key)
            let changed = linked.keys.sorted().filter { old?[$0] != linked[$0] }
            plan.changes.append(Change(
                key: key, target: target, operation: old == nil ? .create : .update, user: record.user, line: record.line,
                request: .identify(links: record.links),
                fields: old == nil ? [] : changed.map { FieldChange(name: $0, old: old?[$0], new: linked[$0]) },
                acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: fingerprint, payload: payload)))
        }
    }
}
