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
