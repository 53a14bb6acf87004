/// The source query diffed against the state's row digests inside the database, when the state
/// is in the database the rows come from: the client receives only the rows it must read.
///
/// The state's digests settle a key when it has one winning digest (counted, within what
/// `KnownDigests` keeps) and at most `LeftOutRows.maxDigests` digests. A source row with such a
/// digest is left out:
/// - of a *lone* key (one digest, without warnings), when it is the key's only such row. The
///   digests of lone keys no row had come as `kind` g; the client knows every other lone digest
///   already (`KnownDigests`).
/// - of a key with several digests and at most `LeftOutRows.maxRows` such rows, unless it had
///   warnings (worked out from its cells) or is the key's last such row and not the winning one
///   (the client may have to build it). The lines and digests of all such rows without warnings
///   come packed (`LeftOutRows`), in one `kind` m row for all such keys in the order of their keys.
/// - rejected for its cells in the last plan (the state's `rejected_rows`), when at most
///   `LeftOutRows.maxRows` rows have its digest: their lines come packed too (`kind` x).
/// Every other row comes in line order (`kind` r), with only the mapped columns' cells, then the
/// source's row count (`kind` t).
///
/// One read-only statement of standard SQL (windows, joins, aggregates, `int8send`), nothing
/// created, so it runs where the source query runs, Citus included.
struct PostgresDiffQuery {
    /// `kind, line, digest, c1, c2 …`: the source's own columns follow the three.
    static func sql(_ query: String, columns: [PostgresConnection.Column], mapping: Mapping, utf8: Bool, stateSchema: String) -> String {
        let digests = PostgresStateSchema.quoted(stateSchema) + ".row_digests"
        let rejections = PostgresStateSchema.quoted(stateSchema) + ".rejected_rows"
        let referenced = Set(mapping.referencedColumns)
        let cells = columns.indices.map { referenced.contains(columns[$0].name) ? "j.c\($0 + 1)" : "NULL" }.joined(separator: ", ")
        let nulls = columns.map { _ in "NULL" }.joined(separator: ", ")
        let lines = LeftOutRows.lineLimit
        /// `LeftOutRows`' numbers: a row's, and a key's header.
        func row(_ index: String, _ line: String) -> String { "substring(int8send(\(index) * \(lines) + \(line)) FROM 5)" }
        func header(_ digests: String, _ rows: String) -> String {
            "substring(int4send((\(digests) * \(LeftOutRows.maxRows + 1) + \(rows))::int4) FROM 3)"
        }
        return """
            WITH source AS (
                SELECT row_number() OVER () AS line, d.* FROM (
                \(PostgresRowDigestQuery.sql(query, columns: columns, mapping: mapping, utf8: utf8))
                ) AS d
            ), keyed AS (
                -- The digests of the keys they settle, each with its place among its key's (by digest).
                SELECT k.key, k.digest, k.winner, k.warned, k.index, k.digests FROM (
                    SELECT r.key, int8send(r.digest_high) || int8send(r.digest_low) AS digest, r.counted IS NOT NULL AS winner,
                        r.warned <> 0 AS warned, row_number() OVER (PARTITION BY r.key ORDER BY r.digest_high, r.digest_low) - 1 AS index,
                        count(*) OVER (PARTITION BY r.key) AS digests, count(r.counted) OVER (PARTITION BY r.key) AS winners,
                        bool_and(r.counted IS NULL OR r.counted < \(KnownDigests.Row.countedLimit)) OVER (PARTITION BY r.key) AS kept
                    FROM \(digests) AS r WHERE r.mapping = \(PostgresQueryText.literal(mapping.name))
                ) AS k WHERE k.kept AND k.winners = 1 AND k.digests <= \(LeftOutRows.maxDigests) AND (k.digests > 1 OR NOT k.warned)
            ), rejections AS (
                SELECT int8send(x.digest_high) || int8send(x.digest_low) AS digest, x.digest_high, x.digest_low
                FROM \(rejections) AS x WHERE x.mapping = \(PostgresQueryText.literal(mapping.name))
            ), joined AS (
                SELECT s.*, k.key, k.winner, k.warned, k.index, k.digests, x.digest AS rejection
                FROM source AS s LEFT JOIN keyed AS k ON k.digest = s.digest LEFT JOIN rejections AS x ON x.digest = s.digest
            ), per_rejection AS (
                SELECT rejection, count(*) AS rows, string_agg(\(row("0", "line")), ''::bytea ORDER BY line) AS entries
                FROM joined WHERE rejection IS NOT NULL AND line < \(lines) GROUP BY rejection
            ), per_key AS (
                -- A key's rows with its digests: how many, the last, the last of the winning digest, and packed.
                SELECT key, count(*) AS rows, max(line) AS last, max(line) FILTER (WHERE winner) AS won,
                    count(*) FILTER (WHERE line < \(lines) AND NOT warned) AS packed,
                    string_agg(\(row("index", "line")), ''::bytea ORDER BY line) FILTER (WHERE line < \(lines) AND NOT warned) AS entries
                FROM joined WHERE key IS NOT NULL GROUP BY key
            )
            SELECT 'r' AS kind, j.line, NULL AS digest, \(cells)
            FROM joined AS j LEFT JOIN per_key AS p ON p.key = j.key LEFT JOIN per_rejection AS x ON x.rejection = j.rejection
            WHERE CASE WHEN j.key IS NOT NULL THEN CASE WHEN j.digests = 1 THEN p.rows > 1
                    ELSE p.rows > \(LeftOutRows.maxRows) OR j.line >= \(lines) OR j.warned OR (j.line = p.last AND p.won IS DISTINCT FROM p.last) END
                WHEN j.rejection IS NOT NULL THEN x.rows IS NULL OR x.rows > \(LeftOutRows.maxRows) OR j.line >= \(lines)
                ELSE true END
            UNION ALL
            SELECT 'g', NULL, encode(k.digest, 'hex'), \(nulls) FROM keyed AS k LEFT JOIN per_key AS p ON p.key = k.key
            WHERE k.digests = 1 AND p.key IS NULL
            UNION ALL
            SELECT 'm', NULL, translate(encode(string_agg(CASE WHEN p.rows > \(LeftOutRows.maxRows) OR p.key IS NULL
                THEN \(header("k.digests", "0")) ELSE \(header("k.digests", "p.packed")) || coalesce(p.entries, ''::bytea) END,
                ''::bytea ORDER BY k.key), 'base64'), E'\\n', ''), \(nulls)
            FROM keyed AS k LEFT JOIN per_key AS p ON p.key = k.key WHERE k.digests > 1 AND k.winner
            UNION ALL
            SELECT 'x', NULL, translate(encode(string_agg(CASE WHEN x.rows IS NULL OR x.rows > \(LeftOutRows.maxRows)
                THEN \(header("0", "0")) ELSE \(header("0", "x.rows")) || x.entries END,
                ''::bytea ORDER BY r.digest_high, r.digest_low), 'base64'), E'\\n', ''), \(nulls)
            FROM rejections AS r LEFT JOIN per_rejection AS x ON x.rejection = r.digest
            UNION ALL
            SELECT 't', count(*), NULL, \(nulls) FROM joined
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
