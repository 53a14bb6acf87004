import Testing
@testable import SyncCore

@Suite struct PostgresCellTextTests {
    func cells(_ row: String, _ types: [PostgresType]) -> [String]? {
        var text = PostgresCellText(types: types)
        return Array(row.utf8).withUnsafeBufferPointer { text.cells(ofCopyRow: $0) }
    }

    let text = PostgresType.other(oid: 25)

    @Test func splitsTabsAndReadsNullAsAnEmptyCell() {
        #expect(cells("a\t\\N\t\tlast\n", [text, text, text, text]) == ["a", "", "", "last"])
        #expect(cells("only\n", [text]) == ["only"])
        #expect(cells("\n", [text]) == [""])
    }

    @Test func undoesBackslashEscapes() {
        #expect(cells("tab\\there\tnew\\nline\\r\tback\\\\slash \\\\N\n", [text, text, text])
            == ["tab\there", "new\nline\r", "back\\slash \\N"])
        #expect(cells("\\b\\f\\v\\101\\x41\\x4a\\q\n", [text]) == ["\u{8}\u{C}\u{B}AAJq"])
        #expect(cells("caf\\303\\251\n", [text]) == ["café"])
    }

    @Test func cellsOfColumnsNotNeededComeBackEmpty() {
        var cells = PostgresCellText(types: [text, .boolean, text])
        cells.needed = [true, false, false]
        #expect(Array("kept\tt\tdrop\\ped\n".utf8).withUnsafeBufferPointer { cells.cells(ofCopyRow: $0) } == ["kept", "", ""])
        // The field count is still checked.
        #expect(Array("kept\tt\n".utf8).withUnsafeBufferPointer { cells.cells(ofCopyRow: $0) } == nil)
    }

    @Test func aRowWithTheWrongFieldCountIsNil() {
        #expect(cells("a\tb\n", [text]) == nil)
        #expect(cells("a\n", [text, text]) == nil)
    }

    @Test func convertsBooleansAndTimestampsByType() {
        #expect(cells("t\tf\tt\n", [.boolean, .boolean, text]) == ["true", "false", "t"])
        let zoned = PostgresType.timestampWithTimeZone
        #expect(cells("2026-11-23 08:00:00+00\t2026-11-23 08:00:00.123456+00\t2026-11-23 08:00:00+05:30\n", [zoned, zoned, zoned])
            == ["2026-11-23T08:00:00Z", "2026-11-23T08:00:00.123456Z", "2026-11-23T08:00:00+05:30"])
        #expect(cells("2026-11-23 08:00:00\t1999-12-31 23:59:59.5\n", [.timestamp, .timestamp])
            == ["2026-11-23T08:00:00Z", "1999-12-31T23:59:59.5Z"])
        #expect(cells("infinity\t-infinity\t0044-03-15 12:00:00+00 BC\t12026-01-01 00:00:00+00\n", [zoned, zoned, zoned, zoned])
            == ["infinity", "-infinity", "0044-03-15 12:00:00+00 BC", "12026-01-01 00:00:00+00"])
    }
}
