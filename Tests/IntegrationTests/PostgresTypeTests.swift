import Foundation
import SyncCore
import Testing

/// Values keep their meaning from PostgreSQL to the mapping's types, whatever the session's
/// own TimeZone and DateStyle: the connector's `PostgresSource` against a real server.
@Suite struct PostgresTypeTests {
    /// Every row of `query` as cells, read through a connection whose session prefers a zone
    /// and a date style other than the ones the connector needs.
    func rows(_ query: String, server: PostgresServer) throws -> (columns: [String], rows: [SourceRow]) {
        let connection = server.login.connectionString + " options='-c TimeZone=Asia/Kolkata -c DateStyle=German'"
        let source = try PostgresSource(configuration: PostgresSourceConfiguration(query: query, connection: .string(PostgresConnectionString(connection))))
        var rows: [SourceRow] = []
        while let row = try source.next() { rows.append(row) }
        return (source.columns, rows)
    }

    @Test func eachMappedTypeConvertsWithoutLoss() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.admin().execute("""
            CREATE TABLE \(schema).types (
                n int, t text, v varchar(20), c char(5), s int2, i int4, b int8, m numeric(12,2),
                f float8, yes boolean, no boolean, d date, ts timestamp, tz timestamptz);
            INSERT INTO \(schema).types VALUES
              (1, 'Ünïcode 李', 'varchar', 'ab', -32768, 2147483647, 9223372036854775807, 1234567890.10,
               0.1, true, false, '2026-11-23', '2026-11-23 08:00:00.123456', '2026-11-23 09:00:00+01'),
              (2, E'tab\\there, new\\nline, back\\\\slash, \\\\N, cr\\r', '', '', 0, 0, -1, -0.5,
               1e300, NULL, NULL, '1970-01-01', '1999-12-31 23:59:59', '2026-03-29 01:30:00-07:30'),
              (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            """)
        let (columns, rows) = try rows("SELECT * FROM \(schema).types ORDER BY n;", server: server)
        #expect(columns == ["n", "t", "v", "c", "s", "i", "b", "m", "f", "yes", "no", "d", "ts", "tz"])
        #expect(rows == [
            .row(line: 1, fields: ["1", "Ünïcode 李", "varchar", "ab   ", "-32768", "2147483647", "9223372036854775807", "1234567890.10",
                                   "0.1", "true", "false", "2026-11-23", "2026-11-23T08:00:00.123456Z", "2026-11-23T08:00:00Z"]),
            .row(line: 2, fields: ["2", "tab\there, new\nline, back\\slash, \\N, cr\r", "", "     ", "0", "0", "-1", "-0.50",
                                   "1e+300", "", "", "1970-01-01", "1999-12-31T23:59:59Z", "2026-03-29T09:00:00Z"]),
            .row(line: 3, fields: ["3"] + Array(repeating: "", count: 13)),
        ])
    }

    @Test func convertedCellsReadAsTheMappingsTypes() async throws {
        let server = try await PostgresServer.shared()
        let (_, rows) = try rows("""
            SELECT 1234567890.10::numeric(12,2) AS m, 9007199254740993::int8 AS b, 0.1::float8 AS f, true AS yes,
                   '2026-11-23'::date AS d, '2026-11-23 08:00:00.5'::timestamp AS ts, '2026-11-23 09:00:00+01'::timestamptz AS tz
            """, server: server)
        guard case .row(_, let cells) = rows.first else { Issue.record("no row"); return }
        func parsed(_ type: ValueType, _ cell: Int) throws -> AttributeValue? { try ValueParser(type: type).parse(cells[cell]) }
        #expect(try parsed(.number, 0) == .number("1234567890.1"))
        #expect(try parsed(.integer, 1) == .number("9007199254740993"))
        #expect(try parsed(.number, 2) == .number("0.1"))
        #expect(try parsed(.boolean, 3) == .boolean(true))
        #expect(try parsed(.date, 4) == .string("2026-11-23"))
        #expect(try parsed(.datetime, 5) == .string("2026-11-23T08:00:00.500Z"))
        #expect(try parsed(.datetime, 6) == .string("2026-11-23T08:00:00Z"))
        #expect(try parsed(.string, 6) == .string("2026-11-23T08:00:00Z"))
    }

    @Test func columnsComeFromPreparingTheQueryWhichRunsOnlyWhenRowsAreRead() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.admin().execute("CREATE TABLE \(schema).one (phone text, email text); INSERT INTO \(schema).one VALUES ('1', 'a@b.c')")
        // Fails when run (division by zero at execution), not when prepared.
        let query = "SELECT phone, email FROM \(schema).one WHERE 1 / (SELECT count(*) - 1 FROM \(schema).one) = 0"
        let source = try PostgresSource(configuration: PostgresSourceConfiguration(query: query, connection: .string(PostgresConnectionString(server.login.connectionString))))
        #expect(source.columns == ["phone", "email"])
        #expect(source.description.hasPrefix("postgres://\(server.login.user)@"))
        #expect(throws: PostgresSourceError.self) { try source.next() }
    }
}
