/// The source query diffed against the state's row digests inside the database, when the state
/// is in the database the rows come from: the client receives only the rows it must read.
///
/// The state's digests settle a key when it has no warnings, one winning digest (counted, within
/// what `KnownDigests` keeps) and fewer than `LeftOutRows.maxDigests` digests. A source row with such
/// a digest is left out:
/// - of a *lone* key (one digest), when it is the key's only such row. The digests of lone keys
///   no row had come as `kind` g; the client knows every other lone digest already (`KnownDigests`).
/// - of a key with several digests, unless it is the key's last such row and not the winning one
///   (the client may have to build it). Its line and digest come packed (`LeftOutRows`), in one
///   `kind` m row for all such keys, in the order of their keys.
/// Every other row comes in full and in line order (`kind` r), then the source's row count (`kind` t).
///
/// One read-only statement of standard SQL (windows, joins, `int8send`, `string_agg`), nothing
/// created, so it runs where the source query runs, Citus included.
struct PostgresDiffQuery {
    /// `kind, line, digest, c1, c2 …`: the source's own columns follow the three.
    static func sql(_ query: String, columns: [PostgresConnection.Column], mapping: Mapping, utf8: Bool, stateSchema: String) -> String {
        let digests = PostgresStateSchema.quoted(stateSchema) + ".row_digests"
        let names = columns.indices.map { "c\($0 + 1)" }
        let nulls = names.map { _ in "NULL" }.joined(separator: ", ")
        let lines = LeftOutRows.lineLimit
        func packed(_ high: String, _ low: String) -> String { "substring(int8send(\(high) * \(lines) + \(low)) FROM 5)" }
        return """
            WITH source AS (
                SELECT row_number() OVER () AS line, d.* FROM (
                \(PostgresRowDigestQuery.sql(query, columns: columns, mapping: mapping, utf8: utf8))
                ) AS d
            ), keyed AS (
                -- The digests of the keys they settle, each with its place among its key's (by digest).
                SELECT k.key, k.digest, k.winner, k.index, k.digests FROM (
                    SELECT r.key, int8send(r.digest_high) || int8send(r.digest_low) AS digest, r.counted IS NOT NULL AS winner,
                        row_number() OVER (PARTITION BY r.key ORDER BY r.digest_high, r.digest_low) - 1 AS index,
                        count(*) OVER (PARTITION BY r.key) AS digests, count(r.counted) OVER (PARTITION BY r.key) AS winners,
                        bool_and(r.warned = 0 AND (r.counted IS NULL OR r.counted < \(KnownDigests.Row.countedLimit))) OVER (PARTITION BY r.key) AS clean
                    FROM \(digests) AS r WHERE r.mapping = \(PostgresQueryText.literal(mapping.name))
                ) AS k WHERE k.clean AND k.winners = 1 AND k.digests <= \(LeftOutRows.maxDigests)
            ), matched AS (
                SELECT s.line, k.key, k.winner, k.index, k.digests FROM source AS s JOIN keyed AS k ON k.digest = s.digest
            ), found AS (
                SELECT key, count(*) AS rows, max(line) AS last FROM matched GROUP BY key
            ), left_out AS (
                SELECT m.line, m.key, m.index FROM matched AS m JOIN found AS f ON f.key = m.key
                WHERE CASE WHEN m.digests = 1 THEN f.rows = 1 ELSE m.line < \(lines) AND (m.winner OR m.line < f.last) END
            ), settled AS (
                SELECT k.key, \(packed("k.digests", "count(l.line)"))
                    || coalesce(string_agg(\(packed("l.index", "l.line")), ''::bytea ORDER BY l.line), ''::bytea) AS entries
                FROM keyed AS k LEFT JOIN left_out AS l ON l.key = k.key WHERE k.digests > 1 AND k.winner GROUP BY k.key, k.digests
            )
            SELECT 'r' AS kind, s.line, NULL AS digest, \(names.map { "s.\($0)" }.joined(separator: ", "))
            FROM source AS s LEFT JOIN left_out AS l ON l.line = s.line WHERE l.line IS NULL
            UNION ALL
            SELECT 'g', NULL, encode(k.digest, 'hex'), \(nulls) FROM keyed AS k LEFT JOIN found AS f ON f.key = k.key
            WHERE k.digests = 1 AND f.key IS NULL
            UNION ALL
            SELECT 'm', NULL, translate(encode(string_agg(entries, ''::bytea ORDER BY key), 'base64'), E'\\n', ''), \(nulls) FROM settled
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
