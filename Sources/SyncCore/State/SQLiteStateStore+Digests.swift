import Foundation

/// Row digests: which source rows are known to produce exactly what the state holds.
extension SQLiteStateStore {
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
