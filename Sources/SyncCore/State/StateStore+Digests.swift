/// Row digests: which source rows are known to produce exactly what the state holds.
extension StateStore {
    /// A settled key's row digest and the targets that counted it unchanged.
    public struct SettledRow: Sendable, Equatable {
        public var key: String
        public var digest: RowDigest
        public var counted: UInt64

        public init(key: String, digest: RowDigest, counted: UInt64) {
            self.key = key
            self.digest = digest
            self.counted = counted
        }
    }

    /// Every row digest of the mapping: digest → (key, counted).
    public func rowDigests(mapping: String) throws -> [RowDigest: (key: String, counted: UInt64)] {
        try withDatabase { db in
            let statement = try db.prepare("SELECT key, digest_high, digest_low, counted FROM row_digests WHERE mapping = ?")
            try statement.bind([mapping])
            var digests: [RowDigest: (key: String, counted: UInt64)] = [:]
            while try statement.step() {
                let digest = RowDigest(high: UInt64(bitPattern: statement.int64(1)), low: UInt64(bitPattern: statement.int64(2)))
                digests[digest] = (statement.text(0) ?? "", UInt64(bitPattern: statement.int64(3)))
            }
            return digests
        }
    }

    /// Records the digests of rows whose keys are settled: nothing to send, nothing pending.
    public func recordDigests(mapping: String, _ rows: [SettledRow]) throws {
        guard !rows.isEmpty else { return }
        try withDatabase { db in
            let upsert = try db.prepare("""
                INSERT INTO row_digests (mapping, key, digest_high, digest_low, counted) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (mapping, key) DO UPDATE SET
                    digest_high = excluded.digest_high, digest_low = excluded.digest_low, counted = excluded.counted
                """)
            try db.transaction {
                for row in rows { try upsert.run([mapping, row.key, row.digest.high, row.digest.low, row.counted]) }
            }
        }
    }
}
