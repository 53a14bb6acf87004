import Testing
@testable import SyncCore

/// Identity links: a key's links are sent when a linked value (or its phone or email) moves,
/// with each moved value old → new; unchanged links are only counted.
@Suite struct IdentityLinksPlannerTests {
    let directory = TemporaryDirectory()

    func plan(_ csv: String, state: any StateStore) throws -> Plan {
        let mapping = Mapping(
            name: "links", source: .csv(CSVSourceConfiguration(path: directory.write("customers.csv", csv))),
            identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email"),
            identityLinks: IdentityLinksMapping(links: [.init(name: "clientUserId", value: ValueReference(origin: .column("id")))]))
        return try Planner(mapping: mapping, state: state).plan(source: SourceOpener.open(mapping.source))
    }

    @Test func movedLinksAreUpdatesWithTheirOldValues() throws {
        let state = try SQLiteStateStore(path: directory.path("s.sqlite"))
        let first = try plan("phone,email,id\n2127365000,a@example.com,u1\n2127365001,,u2\n", state: state)
        #expect(first.changes.map(\.operation) == [.create, .create])
        try state.acknowledge(mapping: "links", first.changes.map(\.acknowledged))

        let second = try plan("phone,email,id\n2127365000,a@example.com,u9\n2127365001,,u2\n2127365002,,u3\n", state: state)
        #expect(second.changes.map(\.key) == ["+12127365000", "+12127365002"])
        #expect(second.changes.map(\.operation) == [.update, .create])
        #expect(second.changes[0].fields == [FieldChange(name: "clientUserId", old: .string("u1"), new: .string("u9"))])
        #expect(second.counts(for: .identityLinks) == ChangeCounts(create: 1, update: 1, unchanged: 1))
    }
}
