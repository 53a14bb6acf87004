import Testing
@testable import SyncCore

/// The flat digest table answers as a dictionary would: found, replaced, missing, grown.
@Suite struct DigestTableTests {
    /// Digests spread like real ones, and some sharing a first half (the same starting place).
    private func digests(_ count: Int) -> [RowDigest] {
        var generator = SystemRandomNumberGenerator()
        let spread = (0..<count).map { _ in RowDigest(high: generator.next(), low: generator.next()) }
        let crowded = (0..<50).map { RowDigest(high: 42, low: UInt64($0)) }
        return spread + crowded
    }

    private func row(_ slot: Int, counted: UInt64? = 1) -> KnownDigests.Row { KnownDigests.Row(slot: Int32(slot), counted: counted)! }

    @Test(arguments: [0, 10_000])
    func findsWhatWentInAndNothingElse(sizedFor capacity: Int) {
        let stored = digests(5_000)
        var table = DigestTable(capacity: capacity)
        var expected: [RowDigest: KnownDigests.Row] = [:]
        for (slot, digest) in stored.enumerated() {
            table.insert(row(slot), for: digest)
            expected[digest] = row(slot)
        }
        // Replacing keeps one place per digest.
        for (slot, digest) in stored.enumerated() where slot % 7 == 0 {
            table.insert(row(slot, counted: nil), for: digest)
            expected[digest] = row(slot, counted: nil)
        }
        #expect(table.count == stored.count)
        for digest in stored { #expect(table[digest] == expected[digest]) }
        #expect(Dictionary(uniqueKeysWithValues: table.all.map { ($0.digest, $0.row) }) == expected)
        for digest in digests(1_000) where expected[digest] == nil { #expect(table[digest] == nil) }
        #expect(table[RowDigest(high: 42, low: 50)] == nil)
    }

    /// A digest's place gives it back with its row; marks by place come back once each, in
    /// order, across word boundaries, and only the marked ones.
    @Test func placesAndMarksGiveBackTheirDigests() {
        let stored = digests(3_000)
        var table = DigestTable(capacity: stored.count)
        for (slot, digest) in stored.enumerated() { table.insert(row(slot), for: digest) }
        var marks = DigestTable.Marks(placeCount: table.placeCount)
        var marked: Set<Int> = []
        for (slot, digest) in stored.enumerated() where slot % 3 == 0 {
            let place = table.place(of: digest)!
            #expect(table.entry(at: place).digest == digest && table.entry(at: place).row == row(slot))
            marks.insert(place)
            marks.insert(place)
            marked.insert(place)
        }
        #expect(marked.count == 1_017)
        #expect(Array(marks) == marked.sorted())
        #expect(stored.allSatisfy { marks.contains(table.place(of: $0)!) == marked.contains(table.place(of: $0)!) })
        #expect(table.place(of: RowDigest(high: 42, low: 50)) == nil)
        // The last place of the table, in the last word's last bit.
        var last = DigestTable.Marks(placeCount: 128)
        last.insert(127)
        last.insert(0)
        #expect(Array(last) == [0, 127])
        #expect(Array(DigestTable.Marks(placeCount: 0)).isEmpty)
    }

    @Test func anEmptyTableHasNothing() {
        let table = DigestTable()
        #expect(table.isEmpty)
        #expect(table[RowDigest(high: 1, low: 2)] == nil)
        #expect(Array(table.all).isEmpty)
    }

    @Test func aRowCountedByMoreTargetsThanKeptIsNeverSkippable() {
        #expect(KnownDigests.Row(slot: 0, counted: KnownDigests.Row.countedLimit - 1)?.counted == KnownDigests.Row.countedLimit - 1)
        #expect(KnownDigests.Row(slot: 0, counted: KnownDigests.Row.countedLimit) == nil)
    }
}
