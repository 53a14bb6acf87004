import Testing
@testable import SyncCore

@Suite struct ProductRowSorterTests {
    /// Rows of products interleaved the way an export sorted by something else has them.
    static let rows: [VariantRow] = (0..<300).map { index in
        let product = "P\(index % 37)"
        return VariantRow(line: index + 2, fields: [product, "variant-\(index)", String(repeating: "x", count: index % 50)])
    }

    func groups(memoryBudget: Int, maximumRows: Int = 101) throws -> (groups: [ProductRows], spilled: Int) {
        let sorter = ProductRowSorter(memoryBudget: memoryBudget, maximumRowsPerProduct: maximumRows)
        for row in Self.rows { try sorter.add(row) }
        let spilled = sorter.spilledRuns
        let reader = try sorter.finish()
        var groups: [ProductRows] = []
        while let group = try reader.next() { groups.append(group) }
        return (groups, max(spilled, sorter.spilledRuns))
    }

    @Test func nonAdjacentRowsOfAProductComeOutTogetherInSourceOrder() throws {
        let (groups, spilled) = try groups(memoryBudget: 1 << 30)
        #expect(spilled == 0)
        #expect(groups.count == 37)
        #expect(groups.map(\.productID) == (0..<37).map { "P\($0)" }.sorted { VariantRow.compareBytes($0, $1) < 0 })
        let p5 = try #require(groups.first { $0.productID == "P5" })
        #expect(p5.lines == Array(stride(from: 7, to: 302, by: 37)))
        #expect(p5.rows.map { $0.fields[1] } == Array(stride(from: 5, to: 300, by: 37)).map { "variant-\($0)" })
        #expect(p5.rowCount == p5.rows.count)
    }

    @Test func spillingToDiskGivesTheSameGroups() throws {
        let inMemory = try groups(memoryBudget: 1 << 30).groups
        let (spilledGroups, runs) = try groups(memoryBudget: 2_000)
        #expect(runs > 5)
        #expect(spilledGroups == inMemory)
    }

    @Test func rowsBeyondTheLimitAreCountedNotKept() throws {
        let (groups, _) = try groups(memoryBudget: 4_000, maximumRows: 3)
        let p0 = try #require(groups.first { $0.productID == "P0" })
        #expect(p0.rows.count == 3)
        #expect(p0.rowCount == 9)
        #expect(p0.lastLine == 2 + 8 * 37)
    }

    @Test func idsAreComparedByTheirBytes() {
        // "é" precomposed and decomposed are equal Swift strings, but different ids.
        #expect(!VariantRow.sameProduct("caf\u{E9}", "cafe\u{301}"))
        #expect(VariantRow.compareBytes("P10", "P9") < 0)
        #expect(VariantRow.compareBytes("P1", "P1") == 0)
    }

    @Test func runFilesRoundTripUnicodeAndEmptyFields() throws {
        let scratch = try ScratchDirectory(prefix: "run-test")
        let rows = [VariantRow(line: 3, fields: ["Ä-1", "", "line\nbreak", String(repeating: "é", count: 70_000)]),
                    VariantRow(line: 9, fields: ["B", "😀"])]
        let writer = try SortedRunFile.Writer(path: scratch.file("run"))
        for row in rows { try writer.append(row) }
        try writer.flush()
        let reader = try SortedRunFile.Reader(path: scratch.file("run"), bufferSize: 16)
        #expect(try reader.next() == rows[0])
        #expect(try reader.next() == rows[1])
        #expect(try reader.next() == nil)
    }
}
