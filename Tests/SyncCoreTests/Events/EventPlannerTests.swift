import Foundation
import Testing
@testable import SyncCore

/// Events planned insert-only: ids stable across runs and machines, each sent once, ages judged.
@Suite struct EventPlannerTests {
    let directory = TemporaryDirectory()
    /// Ages are judged from here.
    let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-29T...Z

    func time(hoursAgo: Double) -> String { now.addingTimeInterval(-hoursAgo * 3600).formatted(.iso8601) }

    func mapping(csv: String, maxAge: Int? = nil, mutate: (inout EventMapping) -> Void = { _ in }) -> EventMapping {
        var mapping = EventMapping(
            name: "ev", source: .csv(CSVSourceConfiguration(path: directory.write("orders.csv", csv))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: nil),
            customEvents: [CustomEventMapping(type: ValueReference(origin: .constant("Order Placed")),
                                              occurredAt: ValueReference(origin: .column("at"), type: .datetime),
                                              properties: [AttributeMapping(name: "Total", value: ValueReference(origin: .column("total"), type: .number))],
                                              externalEventId: .derived(["order", "line"]))],
            maxAgeSeconds: maxAge)
        mutate(&mapping)
        return mapping
    }

    func plan(_ mapping: EventMapping, state: any StateStore, resendUnknown: Bool = false) throws -> Plan {
        try EventPlanner(mapping: mapping, state: state, now: now, resendUnknown: resendUnknown)
            .plan(source: SourceOpener.open(mapping.source)).plan
    }

    @Test func aDerivedIdIsTheSameOnEveryMachine() {
        // hashlib.sha256(b"12:Order Placed" b"11:O0000000001" b"1:2").hexdigest()[:32], computed in Python.
        #expect(EventBuilder.derivedId(type: "Order Placed", cells: ["O0000000001", " 2 "]) == "b59741786f4b7448612ca825f5281f46")
        #expect(EventBuilder.derivedId(type: "Order Placed", cells: ["O1", "12"]) != EventBuilder.derivedId(type: "Order Placed", cells: ["O11", "2"]))
    }

    @Test func anEventIsSentOnceAndAChangedRowIsNotSentAgain() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let csv = "order,line,phone,at,total\nO1,1,2127365000,\(time(hoursAgo: 1)),10.50\nO1,2,2127365000,\(time(hoursAgo: 1)),3\n"
        let first = try plan(mapping(csv: csv), state: state)
        #expect(first.changes.count == 2)
        let change = try #require(first.changes.first)
        #expect(change.endpoint == .customEvents)
        #expect(change.body.hasPrefix(#"{"type":"Order Placed","properties":{"Total":10.5},"externalEventId":""#))
        #expect(change.body.hasSuffix(#","user":{"phone":"+12127365000"}}"#))
        try state.acknowledge(mapping: "ev", first.changes.map(\.acknowledged))

        let edited = csv.replacingOccurrences(of: ",3\n", with: ",4\n")
        let second = try plan(mapping(csv: edited + "O2,1,2127365001,\(time(hoursAgo: 2)),7\n"), state: state)
        #expect(second.changes.count == 1)
        #expect(second.unchanged[.customEvents] == 1)
        #expect(second.tallies[.customEvents]?[EventPlanner.Tally.changedAfterSending] == 1)
        #expect(second.notes.map(\.key) == [first.changes.map(\.key)[1]])
    }

    @Test func theSameEventTwiceInTheSourceIsADuplicate() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let row = "O1,1,2127365000,\(time(hoursAgo: 1)),10.50\n"
        let plan = try plan(mapping(csv: "order,line,phone,at,total\n" + row + row), state: state)
        #expect(plan.changes.count == 1)
        #expect(plan.duplicates.map(\.lines) == [[2, 3]])
    }

    @Test func agesAreJudgedAgainstMaxAgeStalenessAndTheClock() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let csv = "order,line,phone,at,total\n" + [("A", 1.0), ("B", 13), ("C", 47), ("D", 49), ("E", -0.5), ("F", -0.05)]
            .map { "\($0.0),1,2127365000,\(time(hoursAgo: $0.1)),1\n" }.joined()
        let plan = try plan(mapping(csv: csv, maxAge: 48 * 3600), state: state)
        #expect(plan.changes.count == 5)
        #expect(plan.tallies[.customEvents] == [EventPlanner.Tally.stale: 2, EventPlanner.Tally.future: 1])
        #expect(plan.rejected.map(\.line) == [5])
        #expect(plan.rejected.first?.reason == "occurredAt: 2 days old, past maxAge 2 days: not sent")
        // Past the retention of sent ids an event could go twice: held back even without maxAge.
        let retained = try self.plan(mapping(csv: csv) { $0.retentionSeconds = 24 * 3600 }, state: state)
        #expect(retained.rejected.count == 2)
        #expect(retained.rejected.first?.reason.contains("past the retention of sent ids (24 hours)") == true)
    }

    @Test func anUnknownEventIsSentAgainOnlyWhenAsked() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let csv = "order,line,phone,at,total\nO1,1,2127365000,\(time(hoursAgo: 1)),1\n"
        let first = try plan(mapping(csv: csv), state: state)
        var unknown = try #require(first.changes.first).acknowledged
        unknown.payload = EventPlanner.unknownPayload
        try state.acknowledge(mapping: "ev", [unknown])
        let held = try plan(mapping(csv: csv), state: state)
        #expect(held.changes.count == 0)
        #expect(held.tallies[.customEvents]?[EventPlanner.Tally.unknown] == 1)
        #expect(try plan(mapping(csv: csv), state: state, resendUnknown: true).changes.count == 1)
    }

    @Test func forbiddenCharactersInATypeColumnRejectTheRowWithoutItsValue() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let events = mapping(csv: "order,line,phone,at,total,kind\nO1,1,2127365000,\(time(hoursAgo: 1)),1,\"Shipped, late\"\nO2,1,2127365000,\(time(hoursAgo: 1)),1,Shipped\n") {
            $0.customEvents[0].type = ValueReference(origin: .column("kind"))
        }
        let plan = try plan(events, state: state)
        #expect(plan.changes.count == 1)
        #expect(plan.rejected.map(\.reason) == [#"type (column kind): Attentive does not take " ' ( ) { } [ ] \ | or , in an event's type"#])
    }

    @Test func orderLinesBecomeOnePurchaseWithItsItems() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let at = time(hoursAgo: 1)
        let csv = "order,line,phone,at,total,product,variant,qty\n"
            + "O2,1,2127365001,\(at),5,P1,P1-S,1\nO1,1,2127365000,\(at),10.50,P1,P1-M,2\nO2,2,2127365001,\(at),6,P2,P2-L,\nO1,2,2127365000,\(at),3,P2,P2-M,1\nO3,1,2127365002,\(at),,P3,P3-M,1\n"
        let events = mapping(csv: csv) {
            $0.customEvents = []
            $0.ecommerce = [EcommerceEventMapping(
                kind: .purchases, orderId: "order", occurredAt: ValueReference(origin: .column("at"), type: .datetime),
                item: ItemMapping(productId: ValueReference(origin: .column("product")), productVariantId: ValueReference(origin: .column("variant")),
                                  quantity: ValueReference(origin: .column("qty"), type: .integer),
                                  price: ValueReference(origin: .column("total"), type: .number), currency: ValueReference(origin: .constant("USD"))))]
        }
        let plan = try plan(events, state: state)
        #expect(plan.changes.map(\.key) == ["O1", "O2"])
        #expect(plan.changes.first?.endpoint == .purchaseEvents)
        #expect(plan.changes.first?.body == """
            {"items":[{"productId":"P1","productVariantId":"P1-M","quantity":2,"price":[{"value":10.5,"currency":"USD"}]},\
            {"productId":"P2","productVariantId":"P2-M","quantity":1,"price":[{"value":3,"currency":"USD"}]}],\
            "occurredAt":"\(at)","user":{"phone":"+12127365000"}}
            """)
        #expect(plan.changes.first?.needsIntent == true)
        #expect(plan.rejected.map(\.reason) == ["price (column total): empty"])
        #expect(plan.rejected.map(\.line) == [6])
    }
}

@Suite struct WatermarkTests {
    @Test func itNeverPassesAnEventNotAcknowledged() {
        var watermark = Watermark()
        watermark.done("2026-11-01T08:00:00Z")
        watermark.pending("2026-11-01T09:00:00Z", scope: .event(.customEvents), id: "a")
        watermark.pending("2026-11-01T10:00:00.5Z", scope: .event(.customEvents), id: "b")
        watermark.done("2026-11-01T10:00:00Z")
        watermark.done("2026-11-01T11:00:00Z")
        #expect(watermark.next { _, _ in true } == "2026-11-01T11:00:00Z")
        #expect(watermark.next { _, id in id == "a" } == "2026-11-01T10:00:00Z")
        #expect(watermark.next { _, id in id == "b" } == "2026-11-01T08:00:00Z")
        #expect(Watermark().next { _, _ in true } == nil)
    }

    @Test func timestampsAndIntegersCompareByValue() {
        #expect(Watermark.precedes("2026-11-01T10:00:00Z", "2026-11-01T10:00:00.5Z"))
        #expect(Watermark.precedes("2026-11-01T10:00:00.12Z", "2026-11-01T10:00:00.123Z"))
        #expect(Watermark.precedes("9", "10"))
        #expect(!Watermark.precedes("10", "9"))
    }
}
