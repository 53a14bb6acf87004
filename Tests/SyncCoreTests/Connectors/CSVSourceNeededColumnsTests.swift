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

    @Test func batchesOfBytesLeaveThemEmptyToo() throws {
        let fixture = try CSVFixture()
        let source = try CSVSource(path: fixture.write("phone,notes,tier\n2127365000,\"long, quoted\",Gold\n2127365001,x,\n"))
        source.neededColumns = [true, false, true]
        var batch = RowBatch(columnCount: 3)
        try source.read(into: &batch, upTo: 10)
        #expect(batch.sourceRows == [.row(line: 2, fields: ["2127365000", "", "Gold"]), .row(line: 3, fields: ["2127365001", "", ""])])
        // Only the needed fields' bytes are kept.
        #expect(batch.bytes.count == "2127365000Gold2127365001".utf8.count)
    }

    /// Columns left out first, last, one after another and between needed ones.
    @Test(arguments: [
        ([false, true, true, false, true], ["", "22", "333", "", "55555"]),
        ([true, false, false, true, false], ["1", "", "", "4444", ""]),
        ([false, false, false, false, false], ["", "", "", "", ""]),
    ])
    func anyColumnsMayBeLeftOut(needed: [Bool], fields: [String]) throws {
        let fixture = try CSVFixture()
        let source = try CSVSource(path: fixture.write("a,b,c,d,e\n1,22,333,4444,55555\n1,22,333,4444,55555\n"))
        source.neededColumns = needed
        var batch = RowBatch(columnCount: 5)
        try source.read(into: &batch, upTo: 10)
        #expect(batch.sourceRows == [.row(line: 2, fields: fields), .row(line: 3, fields: fields)])
        #expect(batch.bytes.count == 2 * fields.joined().utf8.count)
    }

    @Test func aRowIsStillCheckedWhole() throws {
        let fixture = try CSVFixture()
        let source = try CSVSource(path: fixture.write(Array("phone,notes\n2127365000,".utf8) + [0xC3, 0x28] + Array("\n2127365001\n".utf8)))
        source.neededColumns = [true, false]
        #expect(try source.next() == .rejected(line: 2, reason: "not UTF-8 (windows-1252? set source.csv.encoding)"))
        #expect(try source.next() == .rejected(line: 3, reason: "expected 2 fields, found 1"))
        let batched = try CSVSource(path: fixture.write(Array("phone,notes\n2127365000,".utf8) + [0xC3, 0x28] + Array("\n2127365001\n".utf8)))
        batched.neededColumns = [true, false]
        #expect(try CSVFixture.drainInBatches(batched, size: 8) == [.rejected(line: 2, reason: "not UTF-8 (windows-1252? set source.csv.encoding)"),
                                                                   .rejected(line: 3, reason: "expected 2 fields, found 1")])
    }
}
