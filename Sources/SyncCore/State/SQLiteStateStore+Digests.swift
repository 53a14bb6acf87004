import Foundation

/// Row digests: which source rows are known to produce exactly what the state holds.
extension SQLiteStateStore {
    /// Every row digest of the mapping, read in key order.
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
            var digests = KnownDigests.Builder(rowCount: rowCount)
            while try statement.step() {
                digests.add(key: statement.textBytes(0),
                            digest: RowDigest(high: UInt64(bitPattern: statement.int64(1)), low: UInt64(bitPattern: statement.int64(2))),
                            counted: statement.isNull(3) ? nil : UInt64(bitPattern: statement.int64(3)), warned: statement.int64(4) != 0)
            }
            var known = digests.finish()
            let rejected = try db.prepare("SELECT digest_high, digest_low, reason, key FROM rejected_rows WHERE mapping = ?")
            try rejected.bind(mapping)
            while try rejected.step() {
                let digest = RowDigest(high: UInt64(bitPattern: rejected.int64(0)), low: UInt64(bitPattern: rejected.int64(1)))
                known.rejected[digest] = RejectedRow(digest: digest, reason: rejected.text(2) ?? "", key: rejected.text(3))
            }
            return known
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
                for index in Self.keyOrder(rows, by: { (nil, $0.key) }) {
                    let row = rows[index]
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
