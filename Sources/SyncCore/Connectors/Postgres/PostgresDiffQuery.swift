/// The source query diffed against the state's row digests inside the database, when the state
/// is in the database the rows come from: the client receives only the rows it must read.
///
/// A row is left out when it stands alone: its digest (`PostgresRowDigestQuery`) is the winning,
/// warning-free digest of a key that has only that one digest in the state, and no other row of
/// the source has the same digest. Every other row comes, in full and in line order (`kind` r),
/// after the digests of such lone keys that no row matched (`kind` g: the key's row is gone or
/// changed) and before the source's row count (`kind` t). The client knows every lone digest
/// already (`KnownDigests`): those not named are of rows that are there, unchanged.
///
/// One read-only statement of standard SQL (window, joins, `int8send`), nothing created, so it
/// runs where the source query runs, Citus included.
struct PostgresDiffQuery {
    /// `kind, line, digest (hex), c1, c2 …`: the source's own columns follow the three.
    static func sql(_ query: String, columns: [PostgresConnection.Column], mapping: Mapping, utf8: Bool, stateSchema: String) -> String {
        let digests = PostgresStateSchema.quoted(stateSchema) + ".row_digests"
        let names = columns.indices.map { "c\($0 + 1)" }
        let nulls = names.map { _ in "NULL" }.joined(separator: ", ")
        return """
            WITH source AS (
                SELECT row_number() OVER () AS line, d.* FROM (
                \(PostgresRowDigestQuery.sql(query, columns: columns, mapping: mapping, utf8: utf8))
                ) AS d
            ), lone AS (
                -- Keys with one digest, warning-free and counted (within what `KnownDigests` keeps).
                SELECT int8send(min(r.digest_high)) || int8send(min(r.digest_low)) AS digest FROM \(digests) AS r
                WHERE r.mapping = \(PostgresQueryText.literal(mapping.name)) GROUP BY r.key
                HAVING count(*) = 1 AND bool_and(r.counted IS NOT NULL AND r.counted < \(KnownDigests.Row.countedLimit) AND r.warned = 0)
            ), matched AS (
                -- How many rows have each lone digest: none (gone or changed), one (left out), more.
                SELECT l.digest, count(s.line) AS found FROM lone AS l LEFT JOIN source AS s ON s.digest = l.digest GROUP BY l.digest
            )
            SELECT 'r' AS kind, s.line, NULL AS digest, \(names.map { "s.\($0)" }.joined(separator: ", "))
            FROM source AS s LEFT JOIN matched AS m ON m.digest = s.digest WHERE m.digest IS NULL OR m.found > 1
            UNION ALL
            SELECT 'g', NULL, encode(m.digest, 'hex'), \(nulls) FROM matched AS m WHERE m.found = 0
            UNION ALL
            SELECT 't', count(*), NULL, \(nulls) FROM source
            ORDER BY kind, line
            """
    }

    /// The lines of the rows with `digests` (hex): for a lone key whose row was left out while
    /// another row of the key came.
    static func linesSQL(_ query: String, columns: [PostgresConnection.Column], mapping: Mapping, utf8: Bool, digests: [String]) -> String {
        """
        SELECT line, encode(digest, 'hex') FROM (
            SELECT row_number() OVER () AS line, d.digest FROM (
            \(PostgresRowDigestQuery.sql(query, columns: columns, mapping: mapping, utf8: utf8))
            ) AS d
        ) AS s WHERE encode(digest, 'hex') = ANY (\(PostgresQueryText.literal(PostgresArrayText.texts(digests)))::text[])
        """
    }
}
