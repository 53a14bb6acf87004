import Foundation
@testable import SyncCore
import Testing

/// The digest the database computes for a row (`PostgresRowDigestQuery`) is the one the client
/// computes from the cells it reads, row for row, over the types whose text the client rewrites
/// or COPY escapes: booleans, timestamps (BC, infinity, past 9999), padded char, inet, floats,
/// text and varchar with tabs, line breaks, backslashes and non-ASCII, NULLs, and a column named twice.
@Suite struct PostgresRowDigestTests {
    @Test func theDatabaseDigestsEveryRowAsTheClientDoes() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        let admin = try server.admin()
        try admin.execute("""
            CREATE TABLE \(schema).people (id int, phone text, email text, vip boolean, seen timestamp, paid timestamptz,
                code char(5), ip inet, ltv numeric, score float8, note text, tag varchar(8));
            INSERT INTO \(schema).people VALUES
              (1, '(212) 736-5000', 'a@example.com', true, '2026-11-23 08:00:00', '2026-11-23 08:00:00.25+00', 'ab', '10.0.0.1', 12.50, 0.1, 'plain', 'v1'),
              (2, '2127365001', NULL, false, '2026-11-23 08:00:00.123456', '2026-11-23 03:00:00-05', 'abcde', '10.0.0.0/8', 1e20, 1e-300, E'tab\\there\\nline\\\\slash', NULL),
              (3, NULL, 'b@example.com', NULL, '0044-03-15 12:00:00 BC', 'infinity', NULL, NULL, NULL, 'NaN', 'Zürich 🏔 ''quoted''', 'ü'),
              (4, '+44 20 7946 0958', '', true, '12026-01-01 00:00:00', '-infinity', ' x ', '::1', -0.0, '-Infinity', '', ''),
              (5, '2127365004', 'c@example.com', false, 'infinity', '2026-06-01 00:00:00+00', 'Ω', '2001:db8::1/64', 3, 2.5, NULL, ' t ');
            """)
        let query = "SELECT id, phone, email, vip, seen, paid, code, ip, ltv, score, note, tag, note AS phone FROM \(schema).people ORDER BY id"
        let login = PostgresConnectionString(server.login.connectionString)
        let attributes = ["vip", "seen", "paid", "code", "ip", "ltv", "score", "note", "tag"].map {
            AttributeMapping(name: $0, value: ValueReference(origin: .column($0)))
        }
        let mapping = Mapping(name: "digests", source: .postgres(PostgresSourceConfiguration(query: query, connection: .string(login))),
                              identity: IdentityMapping(phone: PhoneColumn(column: "phone"), email: "email"),
                              customAttributes: attributes)

        let source = try PostgresSource(configuration: PostgresSourceConfiguration(query: query, connection: .string(login)))
        let digester = RowDigester(mapping: mapping, columns: source.columns)
        var client: [String] = []
        while let row = try source.next() {
            guard case .row(_, let fields) = row else { Issue.record("rejected: \(row)"); continue }
            client.append(digester.digest(fields).bytes.map { String(format: "%02x", $0) }.joined())
        }

        let connection = try PostgresConnection(connectionString: login)
        try connection.execute(PostgresSource.transactionSetup)
        // Converting each cell to UTF-8, and taking its length as it is on a UTF-8 server.
        var database: [[String]] = []
        for utf8 in [false, true] {
            let sql = PostgresRowDigestQuery.sql(query, columns: try connection.describe(query), mapping: mapping, utf8: utf8)
            database.append(try connection.query("SELECT encode(digest, 'hex') FROM (\(sql)) AS d").map { $0[0] ?? "" })
        }
        #expect(try connection.value("SHOW server_encoding") == "UTF8")
        try connection.execute("COMMIT")

        #expect(client.count == 5 && Set(client).count == 5)
        #expect(database == [client, client])
    }
}
