/// A source query wrapped so that the database computes each row's `RowDigest`, byte for byte
/// the one `RowDigester` computes from the cells the client would read: the same text per
/// column type as `PostgresCellText` makes of COPY's output, then SHA-256 over the seed's digest
/// and each referenced column's `length:bytes`, cut to 16 bytes. With it the diff can run where the rows
/// are, and only new and changed rows travel.
///
/// Run it in the source's session (`PostgresSource.transactionSetup`): the text of dates,
/// times and floats depends on those settings, as COPY's does. Only standard SQL functions are
/// used (`format`, `sha256`, `convert_to`), nothing to create: it runs in a read-only
/// transaction and on PostgreSQL-compatible engines such as Citus.
struct PostgresRowDigestQuery {
    /// `SELECT digest, c1, c2, … FROM (query)`: the 16-byte digest (bytea) first, then the
    /// query's own columns, renamed by position (`c1` …) so that repeated names stay apart.
    /// `query` is the statement as `PostgresSource` runs it (`PostgresQueryText.statement`).
    /// `utf8`: the server's encoding is UTF-8, so a text's `octet_length` is already its length
    /// in UTF-8 and need not be converted (a quarter of the cost).
    static func sql(_ query: String, columns: [PostgresConnection.Column], mapping: Mapping, utf8: Bool = false) -> String {
        var first: [String: Int] = [:]
        for (index, column) in columns.enumerated() where first[column.name] == nil { first[column.name] = index }
        let cells = mapping.referencedColumns.compactMap { first[$0] }.map { cell("q.c\($0 + 1)", type: columns[$0].type) }
        // One text a row, turned into UTF-8 once: a conversion per cell costs three times as much.
        let parts = [PostgresQueryText.literal(RowDigester.seedDigest(of: mapping))] + cells.map { cell in
            "octet_length(\(utf8 ? cell : "convert_to(\(cell), 'UTF8')")) || ':' || \(cell)"
        }
        let names = columns.indices.map { "c\($0 + 1)" }.joined(separator: ", ")
        return """
            SELECT substring(sha256(convert_to(\(parts.joined(separator: "\n    || ")), 'UTF8')) FROM 1 FOR 16) AS digest, q.*
            FROM (
            \(query)
            ) AS q(\(names))
            """
    }

    /// The cell `PostgresCellText.cell` makes of the column's value: its output text (`format`
    /// calls the type's output function, as COPY does; NULL gives ''), rewritten for booleans
    /// and timestamps.
    static func cell(_ column: String, type: PostgresType) -> String {
        let text = "format('%s', \(column))"
        switch type {
        case .other(oid: 25), .other(oid: 1043):
            // text and varchar print as they are.
            return "coalesce(\(column), '')"
        case .boolean:
            return "CASE \(text) WHEN 't' THEN 'true' WHEN 'f' THEN 'false' ELSE \(text) END"
        case .timestamp:
            return "CASE WHEN \(isoShaped(text)) THEN overlay(\(text) PLACING 'T' FROM 11 FOR 1) || 'Z' ELSE \(text) END"
        case .timestampWithTimeZone:
            return """
                CASE WHEN \(isoShaped(text)) AND length(\(text)) >= 22 AND right(\(text), 3) = '+00' \
                THEN overlay(left(\(text), -3) PLACING 'T' FROM 11 FOR 1) || 'Z' \
                WHEN \(isoShaped(text)) THEN overlay(\(text) PLACING 'T' FROM 11 FOR 1) ELSE \(text) END
                """
        case .other:
            return text
        }
    }

    /// `PostgresCellText.isoTimestamp`'s test: `YYYY-MM-DD HH:MM:SS…`, not BC.
    private static func isoShaped(_ text: String) -> String {
        "(length(\(text)) >= 19 AND substr(\(text), 5, 1) = '-' AND substr(\(text), 11, 1) = ' ' AND right(\(text), 3) NOT LIKE ' B_')"
    }
}
