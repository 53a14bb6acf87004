import Testing
@testable import SyncCore

/// Rows whose cells the state knows are skipped: counted unchanged, never normalized. Every
/// outcome matches the full path's.
@Suite struct RowDigestPlannerTests {
    let directory = TemporaryDirectory()

    func mapping(_ rows: String, tierType: ValueType = .string, onRemoved: RemovalPolicy = .init()) -> Mapping {
        Mapping(
            name: "digests",
            source: .csv(CSVSourceConfiguration(path: directory.write("c.csv", "phone,tier,sms\n" + rows))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: nil),
            customAttributes: [AttributeMapping(name: "Tier", value: ValueReference(origin: .column("tier"), type: tierType))],
            subscriptions: [SubscriptionMapping(channel: .text, type: .marketing, signUpSourceId: "7",
                                                optIn: ValueReference(origin: .column("sms"), type: .boolean))],
            onRemoved: onRemoved)
    }

    func plan(_ mapping: Mapping, state: StateStore, full: Bool = false) throws -> Plan {
        try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source), full: full)
    }

    /// What `baseline` records.
    func baseline(_ plan: Plan, in state: StateStore) throws {
        try state.acknowledge(mapping: "digests", plan.changes.map(\.acknowledged) + plan.refreshed)
        try state.recordDigests(mapping: "digests", plan.settledRows)
    }

    let day0 = "2127365000,1,yes\n2127365001,2,\n2127365002,3,no\n"

    @Test func unchangedRowsAreSkippedAndCountedAsTheFullPathCountsThem() throws {
        let state = try StateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        let day1 = "2127365000,1,yes\n2127365001,2,\n2127365002,4,no\n"
        let skipping = try plan(mapping(day1), state: state)
        #expect(skipping.rowsSkipped == 2)
        #expect(skipping.changes.map { "\($0.operation) \($0.key)" } == ["update +12127365002"])

        // The same plan without digests: the same counts.
        let plain = try StateStore(path: directory.path("plain.sqlite"))
        try plain.acknowledge(mapping: "digests", plan(mapping(day0), state: plain).changes.map(\.acknowledged))
        let full = try plan(mapping(day1), state: plain)
        #expect(full.rowsSkipped == 0)
        for target in [Target.customAttributes, .subscriptions] {
            #expect(skipping.counts(for: target) == full.counts(for: target), "\(target)")
        }
        #expect(skipping.changes == full.changes)
    }

    @Test func aChangedTypeOrMappingRecomputesEveryRow() throws {
        let state = try StateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        #expect(try plan(mapping(day0), state: state).rowsSkipped == 3)
        #expect(try plan(mapping(day0, tierType: .number), state: state).rowsSkipped == 0)
        #expect(try plan(mapping(day0, onRemoved: RemovalPolicy(customAttributes: .clear)), state: state).rowsSkipped == 0)
        #expect(try plan(mapping(day0), state: state, full: true).rowsSkipped == 0)
    }

    @Test func aChangedSeedNeverMatchesAnOldDigest() throws {
        let old = RowDigester(mapping: mapping(day0), columns: ["phone", "tier", "sms"])
        let typed = RowDigester(mapping: mapping(day0, tierType: .number), columns: ["phone", "tier", "sms"])
        let cells = ["2127365000", "1", "yes"]
        #expect(old.digest(cells) == old.digest(cells))
        #expect(old.digest(cells) != typed.digest(cells))
        // Length prefixes keep cells apart: ("1", "2yes") is not ("12", "yes").
        #expect(old.digest(["2127365000", "1", "2yes"]) != old.digest(["2127365000", "12", "yes"]))
    }

    @Test func removalsDuplicatesAndTheLastRowStillHold() throws {
        let state = try StateStore(path: directory.path("s.sqlite"))
        let policy = RemovalPolicy(customAttributes: .clear, subscriptions: .unsubscribe)
        try baseline(plan(mapping(day0, onRemoved: policy), state: state), in: state)
        // Key 0 twice: a changed row, then its unchanged row last (which wins). Key 2 left.
        let day1 = "2127365000,9,yes\n2127365001,2,\n2127365000,1,yes\n"
        let plan = try plan(mapping(day1, onRemoved: policy), state: state)
        #expect(plan.rowsSkipped == 2)
        #expect(plan.duplicates == [DuplicateKey(key: "+12127365000", lines: [2, 4])])
        #expect(plan.changes.map { "\($0.operation) \($0.key)" } == ["delete +12127365002"])
        #expect(plan.counts(for: .customAttributes).unchanged == 2)
    }

    @Test func aRejectedOrDeferredKeyIsNeverSettled() throws {
        let state = try StateStore(path: directory.path("s.sqlite"))
        let plan = try plan(mapping("2127365000,1,maybe\n2127365001,2,yes\n"), state: state)
        #expect(plan.settledRows.map(\.key) == ["+12127365001"])
        try baseline(plan, in: state)
        #expect(try self.plan(mapping("2127365000,1,maybe\n2127365001,2,yes\n"), state: state).rejected.count == 1)
    }

    @Test func acknowledgingAKeyForgetsItsDigest() throws {
        let state = try StateStore(path: directory.path("s.sqlite"))
        try baseline(plan(mapping(day0), state: state), in: state)
        try state.acknowledge(mapping: "digests", [AcknowledgedRecord(scope: "subscription:TEXT:MARKETING", key: "+12127365000",
                                                                      fingerprint: 0, payload: nil)])
        let again = try plan(mapping(day0), state: state)
        #expect(again.rowsSkipped == 2)
        #expect(again.changes.map { "\($0.operation) \($0.key)" } == ["subscribe +12127365000"])
    }
}
