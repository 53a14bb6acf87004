import Testing
@testable import SyncCore

/// The planner asks only for the mapped columns: the others come back empty, and a row is
/// still checked whole.
@Suite struct CSVSourceNeededColumnsTests {
    @Test func fieldsOfColumnsNotNeededComeBackEmpty() throws {
        let fixture = try CSVFixture()
        let source = try CSVSource(path: fixture.write("phone,notes,tier\n2127365000,\"long, quoted\",Gold\n"))
        source.neededColumns = [true, false, true]
        #expect(try source.next() == .row(line: 2, fields: ["2127365000", "", "Gold"]))
        #expect(try source.next() == nil)
    }

    @Test func aRowIsStillCheckedWhole() throws {
        let fixture = try CSVFixture()
        let source = try CSVSource(path: fixture.write(Array("phone,notes\n2127365000,".utf8) + [0xC3, 0x28] + Array("\n2127365001\n".utf8)))
        source.neededColumns = [true, false]
        #expect(try source.next() == .rejected(line: 2, reason: "invalid UTF-8"))
        #expect(try source.next() == .rejected(line: 3, reason: "expected 2 fields, found 1"))
    }
}
