import Foundation

/// Row digests: which source rows are known to produce exactly what the state holds.
extension SQLiteStateStore {
    /// Every row digest of the mapping. SQLite is stepped here while the rows read so far are
    /// put into the table on another thread, a chunk at a time.
    public func rowDigests(mapping: String) throws -> KnownDigests {
        try withDatabase { db in
            let count = try db.prepare("SELECT count(*) FROM row_digests WHERE mapping = ?")
            try count.bind(mapping)
            let rowCount = try count.step() ? Int(count.int64(0)) : 0
            // In key order (the primary key's), so a key's rows come together, sorted as SQLite sorts text.
            let statement = try db.prepare("""
                SELECT key, digest_high, digest_low, counted, warned FROM row_digests WHERE mapping = ? ORDER BY key
                """)
            try statement.bind(mapping)
            var building = Ahead {
                var digests = KnownDigests()
                digests.rows = DigestTable(capacity: rowCount)
                return digests
            }
            var chunk = DigestChunk(), previousKey: [UInt8]?
            func handOn() {
                let rows = chunk, before = building
                // One chunk in the table's hands at a time: no thread waits on another.
                before.wait()
                building = Ahead { var digests = before.result(); rows.add(to: &digests); return digests }
                chunk = DigestChunk()
            }
            while try statement.step() {
                let key = statement.textBytes(0)
                if previousKey.map({ !key.elementsEqual($0) }) ?? true {
                    previousKey = Array(key)
                    chunk.newKey(key)
                }
                chunk.rows.append(DigestChunk.Row(
                    digest: RowDigest(high: UInt64(bitPattern: statement.int64(1)), low: UInt64(bitPattern: statement.int64(2))),
                    counted: statement.isNull(3) ? nil : UInt64(bitPattern: statement.int64(3)), warned: statement.int64(4) != 0,
                    keyIndex: chunk.keyEnds.count - 1))
                if chunk.rows.count == DigestChunk.size { handOn() }
            }
            handOn()
            var digests = building.result()
            let rejected = try db.prepare("SELECT digest_high, digest_low, reason, key FROM rejected_rows WHERE mapping = ?")
            try rejected.bind(mapping)
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
            var inserts = SQLiteGroupedInsert<(key: String, digest: RowDigest, counted: UInt64?, warned: Bool)>(
                "INSERT OR REPLACE INTO row_digests (mapping, key, digest_high, digest_low, counted, warned)", columns: 6
            ) { statement, after, row in
                try statement.bind(after: after, mapping, row.key, row.digest.high, row.digest.low, row.counted, row.warned ? 1 : 0)
            }
            try db.transaction {
                let digestsKnown = try Self.hasRowDigests(db, mapping: mapping)
                var previousKey: String?
                for row in Self.inKeyOrder(rows, by: { (nil, $0.key) }) {
                    if digestsKnown {
                        // A key given twice forgets what its first row inserted, as one row at a time would.
                        if row.key == previousKey { try inserts.flush(to: db) }
                        try forget.run(mapping, row.key)
                    }
                    previousKey = row.key
                    for digest in row.superseded where digest != row.digest {
                        try inserts.add((row.key, digest, nil, row.warned.contains(digest)), to: db)
                    }
                    try inserts.add((row.key, row.digest, row.counted, row.warned.contains(row.digest)), to: db)
                }
                try inserts.flush(to: db)
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
                try db.prepare("DELETE FROM rejected_rows WHERE mapping = ?").run(mapping)
                for row in rows { try insert.run(mapping, row.digest.high, row.digest.low, row.key, row.reason) }
            }
        }
    }
}

/// Row digests read from SQLite and not yet in the table: their keys' bytes and their rows.
private struct DigestChunk: Sendable {
    struct Row: Sendable {
        var digest: RowDigest
        var counted: UInt64?
        var warned: Bool
        /// The row's key among this chunk's keys; -1: the last key of the chunk before.
        var keyIndex: Int
    }

    static let size = 16_384

    var keyBytes: [UInt8] = []
    var keyEnds: [Int] = []
    var rows: [Row] = []

    mutating func newKey(_ key: UnsafeBufferPointer<UInt8>) {
        keyBytes.append(contentsOf: key)
        keyEnds.append(keyBytes.count)
    }

    func add(to digests: inout KnownDigests) {
        let firstSlot = digests.keys.count
        var start = 0
        for end in keyEnds {
            digests.keys.append(String(decoding: keyBytes[start..<end], as: UTF8.self))
            start = end
        }
        for row in rows {
            if let known = KnownDigests.Row(slot: Int32(firstSlot + row.keyIndex), counted: row.counted, warned: row.warned) {
                digests.rows.insert(known, for: row.digest)
            }
        }
    }
}
