import Foundation

/// The state's row digests, each pointing at its key by the key's position (its slot) in
/// `keys`, which are in SQLite's order (by UTF-8 bytes) so a key's slot is found by bisection.
public struct KnownDigests: Sendable {
    /// Eight bytes a row: a million rows' table stays small.
    public struct Row: Sendable, Equatable {
        public var slot: Int32
        /// The top bit: the row had warnings; the others: `counted + 1`, 0 for a superseded row.
        private var bits: UInt32

        static let warnedBit: UInt32 = 1 << 31

        public var counted: UInt64? {
            let countedPlusOne = bits & ~Self.warnedBit
            return countedPlusOne == 0 ? nil : UInt64(countedPlusOne - 1)
        }

        public var warned: Bool { bits & Self.warnedBit != 0 }

        /// The most targets a skipped row can have counted: `Planner.Records` keeps 30 bits.
        static let countedLimit: UInt64 = 1 << 30

        /// Nil when `counted` does not fit the 30 bits kept: such a row is never skipped.
        init?(slot: Int32, counted: UInt64?, warned: Bool = false) {
            let countedPlusOne: UInt32
            if let counted {
                guard counted < Self.countedLimit else { return nil }
                countedPlusOne = UInt32(counted) + 1
            } else {
                countedPlusOne = 0
            }
            self.slot = slot
            bits = countedPlusOne | (warned ? Self.warnedBit : 0)
        }

        private init(slot: Int32, bits: UInt32) {
            self.slot = slot
            self.bits = bits
        }

        /// No row: an empty place in `DigestTable`.
        static let empty = Row(slot: -1, bits: 0)
    }

    public internal(set) var keys: [String] = []
    var rows = DigestTable()
    /// Rows rejected for their cells in the last plan.
    var rejected: [RowDigest: RejectedRow] = [:]

    public init() {}

    public subscript(digest: RowDigest) -> Row? { rows[digest] }

    public var isEmpty: Bool { rows.isEmpty && rejected.isEmpty }

    /// Every digest with its key, as stored.
    public var all: [RowDigest: KnownRow] {
        Dictionary(uniqueKeysWithValues: rows.all.map {
            ($0.digest, KnownRow(key: keys[Int($0.row.slot)], counted: $0.row.counted, warned: $0.row.warned))
        })
    }

    /// The slot of `key`, if the state has digests for it.
    public func slot(of key: String) -> Int32? {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if Self.compare(keys[middle], key) < 0 { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && Self.compare(keys[low], key) == 0 ? Int32(low) : nil
    }

    /// Compares UTF-8 bytes, as SQLite's BINARY collation does.
    static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { a in
            b.withUTF8 { b in
                let length = min(a.count, b.count)
                let common = length == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, length)
                return common != 0 ? Int(common) : a.count - b.count
            }
        }
    }
}
