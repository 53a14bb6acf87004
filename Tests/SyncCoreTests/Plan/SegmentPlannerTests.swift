import Testing
@testable import SyncCore

/// Segments: a key is added when it becomes a member, removed when it stops or leaves the source,
/// never removed when the tool never added it; changes an earlier run's bulk job holds are pending.
@Suite struct SegmentPlannerTests {
    let directory = TemporaryDirectory()

    func plan(_ csv: String, onRemoved: RemovalPolicy.Segments = .remove, state: any StateStore) throws -> Plan {
        let mapping = Mapping(
            name: "seg", source: .csv(CSVSourceConfiguration(path: directory.write("customers.csv", csv))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: nil),
            segments: [SegmentMapping(externalId: "vip", name: "VIPs", member: ValueReference(origin: .column("vip"), type: .boolean))],
            onRemoved: RemovalPolicy(segments: onRemoved))
        return try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
    }

    @Test func membershipMirrorsTheSource() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let first = try plan("phone,vip\n2127365000,yes\n2127365001,no\n2127365002,\n2127365003,yes\n", state: state)
        #expect(first.changes.map(\.key) == ["+12127365000", "+12127365003"])
        #expect(first.changes.map(\.operation) == [.create, .create])
        #expect(first.changes.first?.request == .segmentMember(SegmentRef(externalId: "vip", name: "VIPs"), add: true))
        try state.acknowledge(mapping: "seg", first.changes.map(\.acknowledged))

        // 0 stops being a member, 1 becomes one, 3 leaves the source; 2 (never added) stays out.
        let second = try plan("phone,vip\n2127365000,no\n2127365001,yes\n2127365002,no\n", state: state)
        #expect(second.changes.map { "\($0.operation) \($0.key)" } == ["delete +12127365000", "create +12127365001", "delete +12127365003"])
        #expect(second.changes.last?.request == .segmentMember(SegmentRef(externalId: "vip", name: "VIPs"), add: false))
        #expect(second.changes.last?.acknowledged.payload == nil)
        #expect(second.counts(for: .segments) == ChangeCounts(create: 1, delete: 2, unchanged: 0))
        #expect(try plan("phone,vip\n2127365000,no\n2127365001,yes\n2127365002,no\n", onRemoved: .ignore, state: state).changes.count == 2)
    }

    @Test func changesAnEarlierRunsJobHoldsArePending() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let first = try plan("phone,vip\n2127365000,yes\n2127365001,yes\n", state: state)
        let held = first.changes[1]
        _ = try state.recordSubmission(mapping: "seg", kind: .addSegmentMembers, [
            SubmittedChange(BulkSubmission.Entry(position: 0, signature: BulkRecord.signature(phone: held.key, email: nil),
                                                 operation: held.operation, acknowledged: held.acknowledged), intentUser: nil),
        ])
        let second = try plan("phone,vip\n2127365000,yes\n2127365001,yes\n", state: state)
        #expect(second.changes.count == 2)
        #expect(second.pending == [.segments: 1])
        #expect(second.held == [Sender.Ledger.name(scope: .segment("vip"), key: "+12127365001")])
    }
}
