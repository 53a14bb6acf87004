/// Row digests: which source rows are known to produce exactly what the state holds.
extension StateStore {
    /// A settled key's row digest and the targets that counted it unchanged, with the digests
    /// of the key's other rows, which a later row superseded.
    public struct SettledRow: Sendable, Equatable {
        public var key: String
        public var digest: RowDigest
        public var counted: UInt64
        public var superseded: [RowDigest]

        public init(key: String, digest: RowDigest, counted: UInt64, superseded: [RowDigest] = []) {
            self.key = key
            self.digest = digest
            self.counted = counted
            self.superseded = superseded
        }
    }

    /// What a known digest stands for: its key's last row (with the targets that counted it
    /// unchanged), or a row of the key a later row superseded (`counted` nil).
    public struct KnownRow: Sendable, Equatable {
        public var key: String
        public var counted: UInt64?
    }

    /// Every row digest of the mapping.
    public func rowDigests(mapping: String) throws -> [RowDigest: KnownRow] {
        try withDatabase { db in
            let count = try db.prepare("SELECT count(*) FROM row_digests WHERE mapping = ?")
            try count.bind([mapping])
            var digests: [RowDigest: KnownRow] = [:]
            if try count.step() { digests.reserveCapacity(Int(count.int64(0))) }
            let statement = try db.prepare("SELECT key, digest_high, digest_low, counted FROM row_digests WHERE mapping = ?")
            try statement.bind([mapping])
            while try statement.step() {
                let digest = RowDigest(high: UInt64(bitPattern: statement.int64(1)), low: UInt64(bitPattern: statement.int64(2)))
                let counted = statement.isNull(3) ? nil : UInt64(bitPattern: statement.int64(3))
                digests[digest] = KnownRow(key: statement.text(0) ?? "", counted: counted)
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
                INSERT OR REPLACE INTO row_digests (mapping, key, digest_high, digest_low, counted) VALUES (?, ?, ?, ?, ?)
                """)
            try db.transaction {
                for row in rows {
                    try forget.run([mapping, row.key])
                    for digest in row.superseded where digest != row.digest {
                        try insert.run([mapping, row.key, digest.high, digest.low, nil])
                    }
                    try insert.run([mapping, row.key, row.digest.high, row.digest.low, row.counted])
                }
            }
        }
    }
}
