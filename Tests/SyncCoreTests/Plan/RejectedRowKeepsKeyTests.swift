import Testing
@testable import SyncCore

/// A row rejected for one bad cell is still in the source: nothing is cleared or
/// unsubscribed for its key, and its previous state stands until the cell is fixed.
@Suite struct RejectedRowKeepsKeyTests {
    let directory = TemporaryDirectory()

    func plan(_ rows: String, state: any StateStore) throws -> Plan {
        let mapping = Mapping(
            name: "kept",
            source: .csv(CSVSourceConfiguration(path: directory.write("c.csv", "phone,birthday,sms\n" + rows))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: nil),
            customAttributes: [AttributeMapping(name: "Birthday", value: ValueReference(origin: .column("birthday"), type: .date))],
            subscriptions: [SubscriptionMapping(channel: .text, type: .marketing, signUpSourceId: "7",
                                                optIn: ValueReference(origin: .column("sms"), type: .boolean))],
            onRemoved: RemovalPolicy(customAttributes: .clear, subscriptions: .unsubscribe))
        return try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
    }

    func acknowledge(_ plan: Plan, in state: any StateStore) throws {
        try state.acknowledge(mapping: "kept", plan.changes.map(\.acknowledged) + plan.refreshed)
    }

    @Test func aBadCellNeitherClearsNorUnsubscribes() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let day1 = try plan("2127365000,1981-03-14,yes\n2127365001,1990-01-02,yes\n", state: state)
        #expect(day1.changes.map(\.operation) == [.create, .create, .subscribe, .subscribe])
        try acknowledge(day1, in: state)

        // One birthday turns invalid, the other key leaves the source.
        let day2 = try plan("2127365000,1981-13-45,yes\n", state: state)
        #expect(day2.rejected.map(\.line) == [2])
        #expect(day2.rejected[0].reason.hasPrefix("Birthday (column birthday): "))
        #expect(day2.changes.map { "\($0.operation) \($0.key)" } == ["delete +12127365001", "unsubscribe +12127365001"])
        try acknowledge(day2, in: state)

        // Fixed: the previous state stood, so the same birthday and opt-in are no change — no second text.
        let day3 = try plan("2127365000,1981-03-14,yes\n", state: state)
        #expect(day3.rejected.isEmpty)
        #expect(day3.changes.isEmpty)
        #expect(day3.counts(for: .subscriptions).unchanged == 1)
    }
}
