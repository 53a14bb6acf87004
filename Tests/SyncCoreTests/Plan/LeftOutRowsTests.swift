import Testing
@testable import SyncCore

/// The packed rows a prefiltered source left out (`LeftOutRows`), written here as
/// `PostgresDiffQuery` writes them, against a state's digests.
@Suite struct LeftOutRowsTests {
    /// Key "a": three digests, the second by the state's order winning; "b": lone (nothing packed
    /// for it); "c": two digests, one with warnings (its rows come in full); "d": two digests; one
    /// rejection.
    let a = [RowDigest(high: 5, low: 1), RowDigest(high: 1 << 63, low: 9), RowDigest(high: 5, low: 0)]
    let d = [RowDigest(high: 7, low: 7), RowDigest(high: 3, low: 3)]
    let rejection = RowDigest(high: 42, low: 42)

    var known: KnownDigests {
        var builder = KnownDigests.Builder(rowCount: 8)
        func add(_ key: String, _ digest: RowDigest, counted: UInt64?, warned: Bool = false) {
            var key = key
            key.withUTF8 { builder.add(key: $0, digest: digest, counted: counted, warned: warned) }
        }
        add("a", a[0], counted: nil)
        add("a", a[1], counted: nil)
        add("a", a[2], counted: 3)
        add("b", RowDigest(high: 8, low: 8), counted: 1)
        add("c", RowDigest(high: 9, low: 9), counted: nil, warned: true)
        add("c", RowDigest(high: 9, low: 10), counted: 1)
        add("d", d[0], counted: 1)
        add("d", d[1], counted: nil)
        var known = builder.finish()
        known.rejected[rejection] = RejectedRow(digest: rejection, reason: "not a valid phone number", key: nil)
        return known
    }

    /// A key's header, then its rows as (index, line): big-endian, as the SQL writes them.
    func key(digests: Int, _ rows: [(index: Int, line: Int)]) -> [UInt8] {
        func bytes(_ value: Int, _ count: Int) -> [UInt8] { (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        return bytes(digests << LeftOutRows.rowBits | rows.count, 2) + rows.flatMap { bytes($0.index << LeftOutRows.lineBits | $0.line, 4) }
    }

    func digest(at line: Int, in packed: LeftOutRows, _ known: KnownDigests) -> RowDigest? {
        let place = packed.places[line]
        guard place != LeftOutRows.none else { return nil }
        if place & LeftOutRows.rejected != 0 { return packed.rejections[Int(place & ~LeftOutRows.rejected)] }
        return known.rows.entry(at: Int(place)).digest
    }

    @Test func eachLineGetsItsDigestByItsPlaceAmongItsKeys() throws {
        let known = self.known
        var prefilter = Prefilter()
        prefilter.rowCount = 9
        // By the state's order (signed halves): a's are 1 << 63 (negative) first, then (5, 0), then (5, 1); d's (3, 3), (7, 7).
        prefilter.packedRows = key(digests: 3, [(0, 2), (2, 4), (1, 9)]) + key(digests: 2, [(1, 3)]) + key(digests: 2, [(1, 1), (0, 7)])
        prefilter.packedRejections = key(digests: 0, [(0, 5), (0, 6)])
        let packed = try LeftOutRows(prefilter, known: known)
        #expect(packed.places.count == 10)
        #expect(digest(at: 2, in: packed, known) == a[1])
        #expect(digest(at: 4, in: packed, known) == a[0])
        #expect(digest(at: 9, in: packed, known) == a[2])
        #expect(digest(at: 1, in: packed, known) == d[0])
        #expect(digest(at: 7, in: packed, known) == d[1])
        #expect(digest(at: 5, in: packed, known) == rejection && digest(at: 6, in: packed, known) == rejection)
        #expect(digest(at: 3, in: packed, known) == RowDigest(high: 9, low: 10))
        #expect([0, 8].allSatisfy { digest(at: $0, in: packed, known) == nil })
    }

    @Test func packedRowsThatDoNotFitTheStateAreRefused() throws {
        let known = self.known
        func refused(_ rows: [UInt8], rejections: [UInt8] = []) -> Bool {
            var prefilter = Prefilter()
            prefilter.rowCount = 9
            prefilter.packedRows = rows
            prefilter.packedRejections = rejections
            return (try? LeftOutRows(prefilter, known: known)) == nil
        }
        let d = key(digests: 2, []) + key(digests: 2, [])
        #expect(!refused(key(digests: 3, [(0, 2)]) + d))
        #expect(refused(key(digests: 2, [(0, 2)]) + d), "a key's digests counted otherwise")
        #expect(refused(key(digests: 3, [(3, 2)]) + d), "a digest the key does not have")
        #expect(refused(key(digests: 3, [(0, 10)]) + d), "a line past the last")
        #expect(refused(key(digests: 3, [(0, 2)])), "a key missing")
        #expect(refused(key(digests: 3, [(0, 2)]) + d + [0]), "bytes left over")
        #expect(refused(key(digests: 3, [(0, 2)]) + key(digests: 2, [(0, 3)]) + key(digests: 2, [])), "a row with warnings")
        #expect(refused(key(digests: 3, [(0, 2)]) + d, rejections: key(digests: 0, [(1, 3)])), "a rejection's row with an index")
    }
}
