/// The rows a prefiltered source left out and gave the lines of (`PostgresDiffQuery`), by line:
/// each one's digest, as its place in the state's table of digests or among its rejections.
///
/// They come packed, big-endian. For each key the state's digests settle (one winning digest,
/// 2 to `maxDigests` digests), in the order of their keys (their slots): 2 bytes
/// `digests << rowBits | n`, then `n` rows of 4 bytes, `index << lineBits | line`, where `index`
/// is the row's digest's place among its key's, ordered as the state's primary key orders them
/// (high, then low half, as signed 64-bit numbers). Then, apart, for each of the last plan's
/// rejections in that order, the same with 0 digests and index 0: the rows rejected again.
/// A row with warnings, one whose line does not fit `lineBits`, and every row of a key or
/// rejection with more than `maxRows`, comes in full (and `n` is 0). So may a packed row: the
/// row sent wins.
struct LeftOutRows {
    static let lineBits = 26
    static let lineLimit = 1 << lineBits
    static let rowBits = 10
    static let maxRows = 1 << rowBits - 1
    static let maxDigests = 1 << (16 - rowBits) - 1
    /// No row of the line was left out.
    static let none = UInt32.max

    /// Indexed by line: `known.rows`' place of the row's digest, `rejected` with the rejection's
    /// place in `rejections`, or `none`.
    private(set) var places: [UInt32]
    static let rejected: UInt32 = 1 << 31
    /// The digests of the last plan's rejections, in the order numbered.
    let rejections: [RowDigest]

    /// - Throws: `LeftOutRowsMismatch` when the bytes do not fit the state's digests.
    init(_ prefilter: Prefilter, known: KnownDigests) throws {
        let rowCount = prefilter.rowCount
        var places = [UInt32](repeating: Self.none, count: rowCount + 1)
        func readRows(_ reader: inout PackedReader, into place: (Int) -> UInt32, digests expected: Int) throws {
            let (digests, rows) = try reader.next(2, lowBits: Self.rowBits)
            guard digests == expected else {
                throw LeftOutRowsMismatch(reason: "a key has \(digests) digests in the database and \(expected) in the state read")
            }
            for _ in 0..<rows {
                let (index, line) = try reader.next(4, lowBits: Self.lineBits)
                let digest = place(index)
                guard line >= 1, line <= rowCount, digest != Self.none else { throw LeftOutRowsMismatch(reason: "a packed row is out of range") }
                places[line] = digest
            }
        }
        var reader = PackedReader(bytes: prefilter.packedRows)
        if !reader.bytes.isEmpty {
            let slots = SlotDigests(known)
            for slot in 0..<known.keys.count where slots.settles(slot) {
                let digests = slots.places(of: slot)
                // A row with warnings comes in full: its warnings are worked out from its cells.
                try readRows(&reader, into: { index in
                    guard index < digests.count else { return Self.none }
                    let place = digests[digests.startIndex + index]
                    return known.rows.entry(at: Int(place)).row.warned ? Self.none : place
                }, digests: digests.count)
            }
        }
        try reader.finish()
        rejections = known.rejected.keys.sorted { SlotDigests.order($0) < SlotDigests.order($1) }
        reader = PackedReader(bytes: prefilter.packedRejections)
        if !reader.bytes.isEmpty {
            for index in rejections.indices {
                try readRows(&reader, into: { $0 == 0 ? Self.rejected | UInt32(index) : Self.none }, digests: 0)
            }
        }
        try reader.finish()
        self.places = places
    }
}

/// Numbers read from packed bytes, big-endian.
private struct PackedReader {
    let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The next `size` bytes' number, split at `lowBits`.
    mutating func next(_ size: Int, lowBits: Int) throws -> (high: Int, low: Int) {
        guard offset + size <= bytes.count else { throw LeftOutRowsMismatch(reason: "the packed rows end early") }
        let word = bytes[offset..<offset + size].reduce(0) { $0 << 8 | Int($1) }
        offset += size
        return (word >> lowBits, word & (1 << lowBits - 1))
    }

    func finish() throws {
        guard offset == bytes.count else { throw LeftOutRowsMismatch(reason: "more rows are packed than the state has keys for") }
    }
}

/// The state's digests grouped by key, in the order `LeftOutRows` numbers them.
private struct SlotDigests {
    /// Where each slot's places start in `places`; one more than the slots.
    private var starts: [Int32]
    private var places: [UInt32]
    /// Per slot: how many digests won (2 for more than one).
    private var winners: [UInt8]

    init(_ known: KnownDigests) {
        let rows = known.rows, slots = known.keys.count
        var counts = [Int32](repeating: 0, count: slots)
        winners = Array(repeating: 0, count: slots)
        for place in 0..<rows.placeCount {
            let row = rows.entry(at: place).row
            guard row.slot >= 0 else { continue }
            let slot = Int(row.slot)
            counts[slot] += 1
            if row.counted != nil { winners[slot] = min(winners[slot] + 1, 2) }
        }
        starts = Array(repeating: 0, count: slots + 1)
        for slot in 0..<slots { starts[slot + 1] = starts[slot] + counts[slot] }
        var filled = Array(starts.dropLast())
        places = Array(repeating: 0, count: Int(starts[slots]))
        for place in 0..<rows.placeCount {
            let slot = rows.entry(at: place).row.slot
            guard slot >= 0 else { continue }
            places[Int(filled[Int(slot)])] = UInt32(place)
            filled[Int(slot)] += 1
        }
        for slot in 0..<slots where counts[slot] > 1 {
            let range = Int(starts[slot])..<Int(starts[slot + 1])
            places[range].sort { Self.order(rows.entry(at: Int($0)).digest) < Self.order(rows.entry(at: Int($1)).digest) }
        }
    }

    /// Whether the state's digests settle the slot's key with several digests (`PostgresDiffQuery`).
    func settles(_ slot: Int) -> Bool {
        let count = starts[slot + 1] - starts[slot]
        return count > 1 && count <= LeftOutRows.maxDigests && winners[slot] == 1
    }

    func places(of slot: Int) -> ArraySlice<UInt32> {
        let range = Int(starts[slot])..<Int(starts[slot + 1])
        return places[range]
    }

    /// The state's primary key's order: `bigint` halves.
    static func order(_ digest: RowDigest) -> (Int64, Int64) {
        (Int64(bitPattern: digest.high), Int64(bitPattern: digest.low))
    }
}

/// The packed rows a prefiltered source left out do not fit the state's digests read: the state
/// changed between the two reads, or the two sides disagree.
struct LeftOutRowsMismatch: Error, CustomStringConvertible {
    var reason: String
    var description: String {
        "the database's diff does not match the state's digests: \(reason); nothing was sent. Run again, or plan without --diff-in-database"
    }
}
