import Foundation

/// Row digests: which source rows are known to produce exactly what the state holds.
extension StateStore {
    /// A settled key's row digest and the targets that counted it unchanged, with the digests
    /// of the key's other rows, which a later row superseded.
    public struct SettledRow: Sendable, Equatable {
        public var key: String
        public var digest: RowDigest
        public var counted: UInt64
        public var superseded: [RowDigest]
        /// Which of these digests are of rows with warnings.
        public var warned: Set<RowDigest>

        public init(key: String, digest: RowDigest, counted: UInt64, superseded: [RowDigest] = [], warned: Set<RowDigest> = []) {
            self.key = key
            self.digest = digest
            self.counted = counted
            self.superseded = superseded
            self.warned = warned
        }
    }

    /// What a known digest stands for: its key's last row (with the targets that counted it
    /// unchanged), or a row of the key a later row superseded (`counted` nil).
    public struct KnownRow: Sendable, Equatable {
        public var key: String
        public var counted: UInt64?
        public var warned = false
    }

    /// A row rejected for its cells: the same cells are rejected again for the same reason.
    public struct RejectedRow: Sendable, Equatable {
        public var digest: RowDigest
        public var reason: String
        /// The key of a row rejected for a value (`RowRejection.key`).
        public var key: String?

        public init(digest: RowDigest, reason: String, key: String? = nil) {
            self.digest = digest
            self.reason = reason
            self.key = key
        }
    }

    /// Every row digest of the mapping.
    public func rowDigests(mapping: String) throws -> KnownDigests {
        try withDatabase { db in
            let count = try db.prepare("SELECT count(*) FROM row_digests WHERE mapping = ?")
            try count.bind([mapping])
            var digests = KnownDigests()
            if try count.step() { digests.rows.reserveCapacity(Int(count.int64(0))) }
            // In key order (the primary key's), so a key's rows come together, sorted as SQLite sorts text.
            let statement = try db.prepare("""
                SELECT key, digest_high, digest_low, counted, warned FROM row_digests WHERE mapping = ? ORDER BY key
                """)
            try statement.bind([mapping])
            while try statement.step() {
                let key = statement.textBytes(0)
                if digests.keys.last.map({ !$0.utf8.elementsEqual(key) }) ?? true {
                    digests.keys.append(String(decoding: key, as: UTF8.self))
                }
                let digest = RowDigest(high: UInt64(bitPattern: statement.int64(1)), low: UInt64(bitPattern: statement.int64(2)))
                let counted = statement.isNull(3) ? nil : UInt64(bitPattern: statement.int64(3))
                digests.rows[digest] = KnownDigests.Row(slot: Int32(digests.keys.count - 1), counted: counted,
                                                        warned: statement.int64(4) != 0)
            }
            let rejected = try db.prepare("SELECT digest_high, digest_low, reason, key FROM rejected_rows WHERE mapping = ?")
            try rejected.bind([mapping])
            while try rejected.step() {
                let digest = RowDigest(high: UInt64(bitPattern: rejected.int64(0)), low: UInt64(bitPattern: rejected.int64(1)))
                digests.rejected[digest] = RejectedRow(digest: digest, reason: rejected.text(2) ?? "", key: rejected.text(3))
            }
            return digests
        }
    }

    /// Records the digests of rows whose keys are settled (nothing to send, nothing pending),
    /// replacing what the keys had.
    public func recordDigests(mapping: String, _ rows: [SettledRow]) throws {
        guard !rows.isEmpty else { return }
        try withDatabase { db in
            let forget = try db.prepare("DELETE FROM row_digests WHERE mapping = ? AND key = ?")
            let insert = try db.prepare("""
                INSERT OR REPLACE INTO row_digests (mapping, key, digest_high, digest_low, counted, warned) VALUES (?, ?, ?, ?, ?, ?)
                """)
            try db.transaction {
                for row in Self.inKeyOrder(rows, by: { ("", $0.key) }) {
                    try forget.run([mapping, row.key])
                    for digest in row.superseded where digest != row.digest {
                        try insert.run([mapping, row.key, digest.high, digest.low, nil, row.warned.contains(digest) ? 1 : 0])
                    }
                    try insert.run([mapping, row.key, row.digest.high, row.digest.low, row.counted, row.warned.contains(row.digest) ? 1 : 0])
                }
            }
        }
    }

    /// Replaces the mapping's rejected rows with `rows`: the last plan's.
    public func recordRejections(mapping: String, _ rows: [RejectedRow]) throws {
        try withDatabase { db in
            let insert = try db.prepare("""
                INSERT OR REPLACE INTO rejected_rows (mapping, digest_high, digest_low, key, reason) VALUES (?, ?, ?, ?, ?)
                """)
            try db.transaction {
                try db.prepare("DELETE FROM rejected_rows WHERE mapping = ?").run([mapping])
                for row in rows { try insert.run([mapping, row.digest.high, row.digest.low, row.key, row.reason]) }
            }
        }
    }
}

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

        /// Nil when `counted` has bits beyond the 30 kept: such a row is never skipped.
        init?(slot: Int32, counted: UInt64?, warned: Bool = false) {
            let countedPlusOne: UInt32
            if let counted {
                guard counted < UInt64(Self.warnedBit - 1) else { return nil }
                countedPlusOne = UInt32(counted) + 1
            } else {
                countedPlusOne = 0
            }
            self.slot = slot
            bits = countedPlusOne | (warned ? Self.warnedBit : 0)
        }
    }

    public internal(set) var keys: [String] = []
    var rows: [RowDigest: Row] = [:]
    /// Rows rejected for their cells in the last plan.
    var rejected: [RowDigest: StateStore.RejectedRow] = [:]

    public init() {}

    public subscript(digest: RowDigest) -> Row? { rows[digest] }

    public var isEmpty: Bool { rows.isEmpty && rejected.isEmpty }

    /// Every digest with its key, as stored.
    public var all: [RowDigest: StateStore.KnownRow] {
        rows.mapValues { StateStore.KnownRow(key: keys[Int($0.slot)], counted: $0.counted, warned: $0.warned) }
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
