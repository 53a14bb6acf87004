extension TargetDescription {
    static let segments = TargetDescription(name: "segments", createWord: "add", deleteWord: "remove",
                                            endpoints: [.addSegmentMembers, .removeSegmentMembers, .createSegment])
}

extension Target {
    public static let segments = Target(.segments)
}

/// One segment of a mapping: its membership mirrors the source. A key is added when it becomes a
/// member, removed when it stops being one or leaves the source (`onRemoved.segments: remove`);
/// a key the tool never added is never removed. The state holds the keys it added.
struct SegmentTarget: CustomerTarget {
    let entry: SegmentMapping
    /// The segment's place among the mapping's: its membership's in a record's `memberships`.
    let index: Int

    var target: Target { .segments }
    var scope: Scope { entry.scope }

    func counts(_ record: Planner.Entry) -> Bool { record.memberships[index] == true }

    /// What the state holds for a member.
    static let memberPayload = #"{"member":true}"#

    func plan(_ records: Planner.Records, in planner: Planner, full: Bool, into plan: inout Plan) throws {
        let members = try planner.state.fingerprints(mapping: planner.mapping.name, scope: scope)
        plan.unchanged[target] = plan.unchanged[target] ?? 0
        try records.forEach { key, record in
            let member = record.memberships[index] == true
            switch (member, members[key] != nil) {
            case (true, true) where !full: plan.unchanged[target, default: 0] += 1
            case (true, _): try plan.changes.append(change(adding: true, key: key, user: record.user, line: record.line, wasMember: members[key] != nil))
            case (false, true): try plan.changes.append(change(adding: false, key: key, user: record.user, line: record.line, wasMember: true))
            case (false, false): break
            }
        }
        guard planner.mapping.onRemoved.segments == .remove else { return }
        for key in members.keys.sorted() where records.isGone(key) {
            try plan.changes.append(change(adding: false, key: key, user: UserIdentity(key: key, kind: planner.mapping.identity.primary),
                                           line: nil, wasMember: true))
        }
    }

    func change(adding: Bool, key: String, user: UserIdentity, line: Int?, wasMember: Bool) -> Change {
        Change(key: key, target: target, operation: adding ? .create : .delete, user: user, line: line,
               request: .segmentMember(SegmentRef(externalId: entry.externalId, name: entry.name), add: adding),
               fields: [FieldChange(name: "segment \(entry.externalId)", old: wasMember ? .boolean(true) : nil, new: adding ? .boolean(true) : nil)],
               acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: 0, payload: adding ? Self.memberPayload : nil))
    }
}
