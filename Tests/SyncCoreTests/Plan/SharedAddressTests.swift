import Testing
@testable import SyncCore

/// Keys that share a phone are one person to Attentive: one TEXT subscribe, whatever the primary key.
@Suite struct SharedAddressTests {
    let directory = TemporaryDirectory()

    func plan(_ rows: String, onRemoved: RemovalPolicy.Subscriptions = .ignore, state: any StateStore) throws -> Plan {
        let mapping = Mapping(
            name: "shared",
            source: .csv(CSVSourceConfiguration(path: directory.write("c.csv", "email,phone,sms\n" + rows))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email", primary: .email),
            subscriptions: [SubscriptionMapping(channel: .text, type: .marketing, signUpSourceId: "7",
                                                optIn: ValueReference(origin: .column("sms"), type: .boolean))],
            onRemoved: RemovalPolicy(subscriptions: onRemoved))
        return try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
    }

    func acknowledge(_ plan: Plan, in state: any StateStore) throws {
        try state.acknowledge(mapping: "shared", plan.changes.map(\.acknowledged) + plan.refreshed)
    }

    let threeEmailsOnePhone = "a@example.com,2127365000,yes\nb@example.com,2127365000,yes\nc@example.com,(212) 736-5000,yes\n"

    @Test func threeKeysOnOnePhoneGetOneSubscribe() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let day1 = try plan(threeEmailsOnePhone, state: state)
        #expect(day1.changes.map { "\($0.operation) \($0.key)" } == ["subscribe a@example.com"])
        #expect(day1.rejected.isEmpty)
        // The keys left to the next run keep no digest: their rows are read again then.
        #expect(day1.settledRows.map(\.key) == ["a@example.com"])
        try acknowledge(day1, in: state)

        // The next run records the other keys as subscribed, sending nothing.
        let day2 = try plan(threeEmailsOnePhone, state: state)
        #expect(day2.changes.isEmpty)
        #expect(day2.refreshed.map(\.key) == ["b@example.com", "c@example.com"])
        try acknowledge(day2, in: state)

        // All opt out: one unsubscribe, the other keys recorded unsubscribed with it.
        let day3 = try plan(threeEmailsOnePhone.replacingOccurrences(of: "yes", with: "no"), state: state)
        #expect(day3.changes.map { "\($0.operation) \($0.key)" } == ["unsubscribe a@example.com"])
        try acknowledge(day3, in: state)
        #expect(try plan(threeEmailsOnePhone.replacingOccurrences(of: "yes", with: "no"), state: state).changes.isEmpty)
    }

    @Test func differentOptInsOnOnePhoneAreAConflictAndSendNothing() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plan("a@example.com,2127365000,yes\nb@example.com,2127365000,no\nc@example.com,2127365001,yes\n", state: state)
        #expect(plan.changes.map(\.key) == ["c@example.com"])
        #expect(plan.rejected.map(\.line) == [2, 3])
        #expect(plan.rejected.allSatisfy { $0.target == .subscriptions })
        #expect(plan.rejected[0].reason == "subscriptions: TEXT MARKETING: the phone is also on line 3 with the opposite opt-in; one person cannot be both, fix the source")
        #expect(plan.rejected[1].reason.contains("on line 2 "))
        #expect(plan.settledRows.map(\.key) == ["c@example.com"])
    }

    @Test func aRemovedKeyDoesNotUnsubscribeAPhoneAnotherKeyOptsIn() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledge(plan("a@example.com,2127365000,yes\n", state: state), in: state)
        let plan = try plan("b@example.com,2127365000,yes\n", onRemoved: .unsubscribe, state: state)
        #expect(plan.changes.isEmpty)
        #expect(plan.refreshed.map(\.key) == ["b@example.com"])
    }
}
