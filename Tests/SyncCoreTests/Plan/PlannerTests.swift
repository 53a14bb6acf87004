import Testing
@testable import SyncCore

@Suite struct PlannerTests {
    let directory = TemporaryDirectory()

    func mapping(csv: String, onRemoved: RemovalPolicy.Attributes = .ignore) -> Mapping {
        Mapping(
            name: "test",
            source: .csv(CSVSourceConfiguration(path: directory.write("customers.csv", csv))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email"),
            customAttributes: [
                AttributeMapping(name: "Tier", value: ValueReference(origin: .column("tier"))),
                AttributeMapping(name: "LTV", value: ValueReference(origin: .column("ltv"), type: .number)),
                AttributeMapping(name: "Source", value: ValueReference(origin: .constant("crm"))),
            ],
            onRemoved: RemovalPolicy(customAttributes: onRemoved))
    }

    func plan(_ csv: String, onRemoved: RemovalPolicy.Attributes = .ignore, full: Bool = false, state: any StateStore) throws -> Plan {
        let mapping = mapping(csv: csv, onRemoved: onRemoved)
        return try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source), full: full)
    }

    func acknowledgeAll(_ plan: Plan, in state: any StateStore) throws {
        try state.acknowledge(mapping: "test", plan.changes.map(\.acknowledged) + plan.refreshed)
    }

    /// The `properties` a custom-attributes change sends.
    func properties(_ change: Change) -> String {
        let body = change.body
        let start = body.range(of: ",\"properties\":")!.upperBound
        return String(body[start..<body.index(before: body.endIndex)])
    }

    let day1 = """
        phone,email,tier,ltv
        (212) 736-5000,A@Example.com ,Gold,12.50
        2025550143,,Silver,3
        555-CALL-NOW,x@example.com,Gold,1
        (415) 555-2671,b@example.com,Bronze,not-a-number
        212.736.5000,a@example.com,Platinum,12.5
        +1 646 555 0199,not-an-email,,

        """

    @Test func firstPlanCreatesRejectsAndCountsDuplicates() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let plan = try plan(day1, state: state)
        #expect(plan.rowsRead == 6)
        #expect(plan.changes.map(\.key) == ["+12127365000", "+12025550143", "+16465550199"])
        #expect(plan.changes.allSatisfy { $0.operation == .create })
        // The last row for a key wins; the duplicate is listed with both lines.
        #expect(properties(plan.changes[0]) == #"{"LTV":12.5,"Source":"crm","Tier":"Platinum"}"#)
        #expect(plan.changes[0].line == 6)
        #expect(plan.changes[0].user == UserIdentity(phone: "+12127365000", email: "a@example.com"))
        #expect(plan.duplicates == [DuplicateKey(key: "+12127365000", lines: [2, 6])])
        // Empty cells are left out, not cleared; an invalid secondary identifier is left out with a warning.
        #expect(properties(plan.changes[2]) == #"{"Source":"crm"}"#)
        #expect(plan.changes[2].user == UserIdentity(phone: "+16465550199"))
        #expect(plan.warnings == [RowWarning(line: 7, reason: "email: not a valid address")])
        #expect(plan.rejected == [
            RowRejection(line: 4, reason: "phone: not a valid phone number"),
            RowRejection(line: 5, reason: "LTV (column ltv): not a number", key: "+14155552671"),
        ])
        #expect(plan.counts(for: .customAttributes) == ChangeCounts(create: 3, rejected: 2))
    }

    @Test func planWritesNothing() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let planned = try plan(day1, state: state)
        #expect(!planned.changes.isEmpty && !planned.settledRows.isEmpty)
        #expect(try state.recordCounts(mapping: "test").isEmpty)
        #expect(try state.rowDigests(mapping: "test").isEmpty)
        #expect(try !state.hasRuns(mapping: "test"))
        #expect(try state.pendingIntents(mapping: "test").isEmpty)
    }

    @Test func updatesSendOnlyChangedAttributes() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledgeAll(plan(day1, state: state), in: state)
        let day2 = """
            phone,email,tier,ltv
            212-736-5000,a@example.com,Platinum,12.500
            2025550143,,Gold,3
            +1 646 555 0199,,,

            """
        let plan = try plan(day2, state: state)
        #expect(plan.changes.count == 1)
        let update = try #require(plan.changes.first)
        #expect(update.operation == .update)
        #expect(update.key == "+12025550143")
        #expect(properties(update) == #"{"Tier":"Gold"}"#)
        #expect(update.fields == [FieldChange(name: "Tier", old: .string("Silver"), new: .string("Gold"))])
        #expect(AttributeSet.decode(update.acknowledged.payload!) == ["Tier": .string("Gold"), "LTV": .number("3"), "Source": .string("crm")])
        #expect(plan.unchanged[.customAttributes] == 2)
        #expect(plan.counts(for: .customAttributes) == ChangeCounts(update: 1, unchanged: 2))
    }

    @Test func anEmptiedCellIsNotAChange() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledgeAll(plan("phone,email,tier,ltv\n2025550143,,Silver,3\n", state: state), in: state)
        let plan = try plan("phone,email,tier,ltv\n2025550143,,,3\n", state: state)
        #expect(plan.changes.isEmpty)
        #expect(plan.unchanged[.customAttributes] == 1)
        #expect(plan.refreshed.map(\.key) == ["+12025550143"])
        #expect(AttributeSet.decode(plan.refreshed[0].payload!)?["Tier"] == .string("Silver"))
    }

    @Test func removedKeysAreClearedWhenAsked() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledgeAll(plan(day1, state: state), in: state)
        let remaining = "phone,email,tier,ltv\n2025550143,,Silver,3\n+1 646 555 0199,,,\n"
        #expect(try plan(remaining, state: state).changes.isEmpty)
        let plan = try plan(remaining, onRemoved: .clear, state: state)
        #expect(plan.changes.map(\.operation) == [.delete])
        #expect(plan.changes[0].key == "+12127365000")
        #expect(plan.changes[0].user == UserIdentity(phone: "+12127365000"))
        #expect(properties(plan.changes[0]) == #"{"LTV":"","Source":"","Tier":""}"#)
        #expect(plan.changes[0].acknowledged.payload == nil)
    }

    @Test func fullResendsEverything() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        try acknowledgeAll(plan(day1, state: state), in: state)
        let plan = try plan(day1, full: true, state: state)
        #expect(plan.changes.map(\.operation) == [.update, .update, .update])
        #expect(properties(plan.changes[0]) == #"{"LTV":12.5,"Source":"crm","Tier":"Platinum"}"#)
    }

    @Test func aMissingMappedColumnStopsThePlanBeforeAnyRow() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        #expect(throws: MissingColumnsError(source: directory.path("customers.csv"), columns: ["ltv"])) {
            try plan("phone,email,tier\n2025550143,,Silver\n", state: state)
        }
    }
}
