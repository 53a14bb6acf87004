import Foundation

/// The state's row digests in one flat open-addressing table: 24 bytes a digest, three in four
/// places used. A digest is already uniform, so its first half places it, unhashed; a
/// `Dictionary` would hash it again (SipHash) and keep half its places empty.
struct DigestTable: Sendable {
    private struct Place {
        var digest: RowDigest
        /// `slot == -1`: empty.
        var row: KnownDigests.Row
    }

    private var places: [Place] = []
    private(set) var count = 0

    init(capacity: Int = 0) {
        let count = Self.places(for: capacity)
        places = [Place](unsafeUninitializedCapacity: count) { buffer, initialized in
            Self.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            buffer.initialize(repeating: Place(digest: RowDigest(high: 0, low: 0), row: .empty))
            initialized = count
        }
    }

    /// Asks the kernel to back a large table with 2 MiB pages before it is first touched: every
    /// lookup lands somewhere random in it, and with 4 KiB pages most also miss the TLB (a
    /// table of ten million digests spans 80,000 of them). Only advice: where transparent huge
    /// pages are off, nothing changes.
    private static func adviseHugePages(_ memory: UnsafeMutableRawBufferPointer) {
        let hugePage = 2 << 20
        guard let base = memory.baseAddress, memory.count >= 2 * hugePage else { return }
        let start = (Int(bitPattern: base) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: base) + memory.count) & ~(hugePage - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
    }

    var isEmpty: Bool { count == 0 }

    subscript(digest: RowDigest) -> KnownDigests.Row? { place(of: digest).map { places[$0].row } }

    /// Where `digest` is: a number below `placeCount`, for marking digests a bit each.
    func place(of digest: RowDigest) -> Int? {
        guard !places.isEmpty else { return nil }
        var index = home(of: digest)
        while places[index].row.slot >= 0 {
            if places[index].digest == digest { return index }
            index = index + 1 == places.count ? 0 : index + 1
        }
        return nil
    }

    var placeCount: Int { places.count }

    /// The digest at `place` (one `place(of:)` gave) with its row.
    func entry(at place: Int) -> (digest: RowDigest, row: KnownDigests.Row) { (places[place].digest, places[place].row) }

    /// Puts `row` in for `digest`, replacing what it had.
    mutating func insert(_ row: KnownDigests.Row, for digest: RowDigest) {
        if (count + 1) * 4 > places.count * 3 { grow() }
        var index = home(of: digest)
        while places[index].row.slot >= 0 {
            if places[index].digest == digest {
                places[index].row = row
                return
            }
            index = index + 1 == places.count ? 0 : index + 1
        }
        places[index] = Place(digest: digest, row: row)
        count += 1
    }

    /// Every digest with its row, in no particular order.
    var all: some Sequence<(digest: RowDigest, row: KnownDigests.Row)> {
        places.lazy.filter { $0.row.slot >= 0 }.map { ($0.digest, $0.row) }
    }

    /// The place a digest's search starts at: its first half scaled to the table.
    private func home(of digest: RowDigest) -> Int {
        Int(digest.high.multipliedFullWidth(by: UInt64(places.count)).high)
    }

    private mutating func grow() {
        var bigger = DigestTable(capacity: max(count * 2, 16))
        for place in places where place.row.slot >= 0 { bigger.insert(place.row, for: place.digest) }
        self = bigger
    }

    /// Places for `count` digests at most three in four used.
    private static func places(for count: Int) -> Int { count == 0 ? 0 : count + count / 3 + 1 }
}

extension DigestTable {
    /// Some of a table's digests, a bit each by their places.
    struct Marks: Sequence {
        private var words: [UInt64]

        init(placeCount: Int) { words = Array(repeating: 0, count: (placeCount + 63) / 64) }

        mutating func insert(_ place: Int) { words[place >> 6] |= 1 << UInt64(place & 63) }

        func contains(_ place: Int) -> Bool { words[place >> 6] & 1 << UInt64(place & 63) != 0 }

        /// The marked places, in order.
        func makeIterator() -> some IteratorProtocol<Int> {
            var word = 0, bits = words.first ?? 0
            return AnyIterator {
                while bits == 0 {
                    word += 1
                    guard word < words.count else { return nil }
                    bits = words[word]
                }
                let bit = bits.trailingZeroBitCount
                bits &= bits - 1
                return word << 6 | bit
            }
        }
    }
}
