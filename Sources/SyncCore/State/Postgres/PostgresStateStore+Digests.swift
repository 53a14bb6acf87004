/// Row digests: which source rows are known to produce exactly what the state holds.
extension PostgresStateStore {
    /// Every row digest of the mapping, streamed in key order (by bytes: the keys are `COLLATE "C"`).
    public func rowDigests(mapping: String) throws -> KnownDigests {
        try withConnection { connection in
            let literal = PostgresQueryText.literal(mapping)
            let rowCount = try connection.value("SELECT count(*) FROM row_digests WHERE mapping = $1", [mapping]).flatMap { Int($0) } ?? 0
            try connection.startCopy(of: """
                SELECT key, digest_high, digest_low, counted, warned FROM row_digests WHERE mapping = \(literal) ORDER BY key
                """)
            var text = PostgresCellText(types: Array(repeating: .other(oid: 25), count: 5))
            var digests = KnownDigests.Builder(rowCount: rowCount)
            var rowsRead = 0
            while let row = try connection.nextCopyRow(rowsRead: rowsRead, { text.cells(ofCopyRow: $0) }) {
                guard let cells = row else { throw ConfigurationError("state \(path): a row digest the server sent could not be read") }
                rowsRead += 1
                var key = cells[0]
                key.withUTF8 { key in
                    digests.add(key: key, digest: RowDigest(high: Self.bits(cells[1]), low: Self.bits(cells[2])),
                                counted: cells[3].isEmpty ? nil : Self.bits(cells[3]), warned: cells[4] != "0")
                }
            }
            var known = digests.finish()
            for row in try connection.query("SELECT digest_high, digest_low, reason, key FROM rejected_rows WHERE mapping = $1", [mapping]) {
                let digest = RowDigest(high: Self.bits(row[0]), low: Self.bits(row[1]))
                known.rejected[digest] = RejectedRow(digest: digest, reason: row[2] ?? "", key: row[3])
            }
            return known
        }
    }

    /// Records the digests of rows whose keys are settled, replacing what the keys had; a key
    /// given twice keeps its last row's.
    public func recordDigests(mapping: String, _ rows: [SettledRow]) throws {
        guard !rows.isEmpty else { return }
        let settled = Self.lastOfEach(rows) { $0.key }
        var inserts: [(key: String, digest: RowDigest, counted: UInt64?, warned: Bool)] = []
        for row in settled {
            for digest in Set(row.superseded) where digest != row.digest {
                inserts.append((row.key, digest, nil, row.warned.contains(digest)))
            }
            inserts.append((row.key, row.digest, row.counted, row.warned.contains(row.digest)))
        }
        try transaction { connection in
            try Self.forgetDigests(connection, mapping: mapping, of: settled.map(\.key))
            for batch in Self.batches(inserts) {
                try connection.query("""
                    INSERT INTO row_digests (mapping, key, digest_high, digest_low, counted, warned)
                    SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::integer[])
                    """, [mapping, PostgresArrayText.texts(batch.map(\.key)), PostgresArrayText.bits(batch.map(\.digest.high)),
                          PostgresArrayText.bits(batch.map(\.digest.low)), PostgresArrayText.bits(batch.map(\.counted)),
                          PostgresArrayText.numbers(batch.map { $0.warned ? 1 : 0 })])
            }
        }
    }

    /// Replaces the mapping's rejected rows with `rows`: the last plan's (a digest given twice keeps its last).
    public func recordRejections(mapping: String, _ rows: [RejectedRow]) throws {
        let kept = Self.lastOfEach(rows) { $0.digest }
        try transaction { connection in
            try connection.query("DELETE FROM rejected_rows WHERE mapping = $1", [mapping])
            for batch in Self.batches(kept) {
                try connection.query("""
                    INSERT INTO rejected_rows (mapping, digest_high, digest_low, key, reason)
                    SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[])
                    """, [mapping, PostgresArrayText.bits(batch.map(\.digest.high)), PostgresArrayText.bits(batch.map(\.digest.low)),
                          PostgresArrayText.texts(batch.map(\.key)), PostgresArrayText.texts(batch.map(\.reason))])
            }
        }
    }

    /// Deletes the row digests of `keys` (each once), asking first whether the mapping has any:
    /// a first baseline has none to forget.
    static func forgetDigests(_ connection: PostgresConnection, mapping: String, of keys: [String]) throws {
        guard try connection.value("SELECT EXISTS (SELECT 1 FROM row_digests WHERE mapping = $1)", [mapping]) == "t" else { return }
        for batch in batches(keys) {
            try connection.query("DELETE FROM row_digests WHERE mapping = $1 AND key = ANY($2::text[])", [mapping, PostgresArrayText.texts(batch)])
        }
    }
}
