import Testing
@testable import SyncCore

@Suite struct SubscriptionPlannerTests {
    let directory = TemporaryDirectory()

    func mapping(_ csv: String, unsubscribeUnknown: Bool = false, onRemoved: RemovalPolicy.Subscriptions = .ignore) -> Mapping {
        Mapping(
            name: "subs",
            source: .csv(CSVSourceConfiguration(path: directory.write("c.csv", "phone,email,sms\n" + csv))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email"),
            subscriptions: [SubscriptionMapping(channel: .text, type: .marketing, signUpSourceId: "7",
                                                optIn: ValueReference(origin: .column("sms"), type: .boolean),
                                                unsubscribeUnknown: unsubscribeUnknown)],
            onRemoved: RemovalPolicy(subscriptions: onRemoved))
    }

    func plan(_ csv: String, unsubscribeUnknown: Bool = false, onRemoved: RemovalPolicy.Subscriptions = .ignore, state: any StateStore) throws -> Plan {
        let mapping = mapping(csv, unsubscribeUnknown: unsubscribeUnknown, onRemoved: onRemoved)
        return try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
    }

    /// Records what a run would, as if Attentive acknowledged everything.
    func acknowledge(_ plan: Plan, in state: any StateStore) throws {
        try state.acknowledge(mapping: "subs", plan.changes.map(\.acknowledged) + plan.refreshed)
    }

    @Test func optInSubscribesOnceOptOutOfKnownSubscriberUnsubscribes() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let day1 = try plan("2127365000,,yes\n2127365001,,no\n2127365002,,\n", state: state)
        #expect(day1.changes.map(\.operation) == [.subscribe])
        #expect(day1.changes[0].body == #"{"user":{"phone":"+12127365000"},"signUpSourceId":"7"}"#)
        #expect(day1.changes[0].endpoint == .subscribe)
        // The key first seen opted-out is recorded, nothing sent; the empty opt-in does nothing.
        #expect(day1.refreshed.map(\.key) == ["+12127365001"])
        #expect(day1.counts(for: .subscriptions) == ChangeCounts(create: 1, unchanged: 1))
        try acknowledge(day1, in: state)

        let again = try plan("2127365000,,Y\n2127365001,,N\n", state: state)
        #expect(again.changes.isEmpty)

        let day2 = try plan("2127365000,,no\n2127365001,,no\n", state: state)
        #expect(day2.changes.map(\.operation) == [.unsubscribe])
        #expect(day2.changes[0].body == #"{"user":{"phone":"+12127365000"},"subscriptions":[{"type":"MARKETING","channel":"TEXT"}]}"#)
        try acknowledge(day2, in: state)
        #expect(try plan("2127365000,,no\n", state: state).changes.isEmpty)
        // Opting in again subscribes again.
        #expect(try plan("2127365000,,yes\n", state: state).changes.map(\.operation) == [.subscribe])
    }

    @Test func unknownOptOutIsCheckedFirstWhenAsked() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plan("2127365001,,no\n", unsubscribeUnknown: true, state: state)
        #expect(plan.changes.count == 1)
        #expect(plan.changes[0].operation == .unsubscribe && plan.changes[0].checkFirst)
    }

    @Test func removedSubscribersAreUnsubscribedOnlyWhenAsked() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledge(plan("2127365000,,yes\n2127365001,,no\n", state: state), in: state)
        #expect(try plan("", state: state).changes.isEmpty)
        let plan = try plan("", onRemoved: .unsubscribe, state: state)
        #expect(plan.changes.map(\.key) == ["+12127365000"])
        #expect(plan.changes[0].line == nil)
    }

    @Test func aTextSubscriptionNeedsAValidPhone() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let mapping = Mapping(
            name: "subs",
            source: .csv(CSVSourceConfiguration(path: directory.write("e.csv", "phone,email,sms\n12,a@example.com,yes\n"))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email", primary: .email),
            subscriptions: [SubscriptionMapping(channel: .text, type: .marketing, signUpSourceId: "7",
                                                optIn: ValueReference(origin: .column("sms"), type: .boolean))])
        let plan = try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
        #expect(plan.changes.isEmpty)
        #expect(plan.rejected == [RowRejection(line: 2, reason: "subscriptions: TEXT needs a valid phone", target: .subscriptions)])
    }

    @Test func aBadOptInRejectsTheRow() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plan("2127365000,,maybe\n", state: state)
        #expect(plan.rejected == [RowRejection(line: 2, reason: "TEXT MARKETING opt-in (column sms): not a boolean (expected true/false, yes/no, y/n or 1/0)", key: "+12127365000")])
    }
}
