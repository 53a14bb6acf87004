import Foundation
import SyncCore
import Testing

/// An events mapping over a PostgreSQL table read past its watermark, against a real server.
@Suite struct PostgresEventTests {
    /// `schema.orders` rows shaped like `EventFixture.writeOrders`, orders `range`, created now.
    func insertOrders(_ range: Range<Int>, in schema: String, server: PostgresServer) throws {
        try server.admin().execute("""
            INSERT INTO \(schema).orders
            SELECT 'O' || lpad(n::text, 6, '0'), line, '(212) 736-' || (5000 + n % 400), 'customer.' || (n % 400) || '@example.com',
                   date_trunc('second', clock_timestamp()), 'P' || lpad(((n + line) % 7)::text, 3, '0'),
                   'O' || lpad(n::text, 6, '0') || '-' || line, 'Product ' || n, line, 10.5 + n, 'USD', 'Line Packed',
                   clock_timestamp()
            FROM generate_series(\(range.lowerBound), \(range.upperBound - 1)) AS n, LATERAL generate_series(1, 1 + n % 3) AS line
            """)
    }

    @Test func anIncrementalQueryReadsOnlyRowsPastTheWatermarkAndNeverPastAFailure() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.admin().execute("""
            CREATE TABLE \(schema).orders (order_id text, line int, phone text, email text, ordered_at timestamptz, product_id text,
                variant_id text, product_name text, quantity int, price numeric(10,2), currency text, event_type text, created_at timestamptz)
            """)
        try insertOrders(0..<30, in: schema, server: server)
        let fixture = EventFixture()
        let query = "SELECT * FROM \(schema).orders WHERE $1::timestamptz IS NULL OR created_at > $1::timestamptz ORDER BY created_at"
        let source = try JSONSerialization.data(withJSONObject: ["postgres": ["query": query, "connection": server.login.url]])
        fixture.writeMapping(extra: #", "incremental": {"column": "created_at"}"#, source: String(decoding: source, as: UTF8.self))
        let lines = EventFixture.lines(orders: 0..<30)

        // Every request fails: no custom event is acknowledged, so the watermark does not move.
        let failing = try MockProcess(["--fail-rate", "1"])
        let failed = try fixture.run("run", ["--max-attempts", "1"], environment: failing.environment())
        #expect(failed.status != 0)
        #expect(try SQLiteStateStore(path: fixture.statePath).watermark(mapping: "orders") == nil)

        let mock = try MockProcess()
        let first = try fixture.run("run", ["--verbose"], environment: mock.environment())
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("customEvents: \(lines) planned → \(lines) sent"), "\(first.stdout)")
        #expect(try await mock.events().count { $0.kind == "custom" } == lines)
        // The purchases the failing API answered with a 5xx are unknown, not sent again; the
        // others (the run aborted after too many failures in a row) go now.
        let payloads = try SQLiteStateStore(path: fixture.statePath).payloads(mapping: "orders", scope: .event(.purchases))
        let unknown = Set(payloads.filter { $0.value == EventPlanner.unknownPayload }.keys)
        #expect(!unknown.isEmpty)
        let purchased = try await mock.purchasedOrders()
        #expect(purchased.count == Set(purchased).count)
        #expect(Set(purchased).union(unknown) == Set((0..<30).map(EventFixture.orderID)) && Set(purchased).isDisjoint(with: unknown))
        #expect(try SQLiteStateStore(path: fixture.statePath).watermark(mapping: "orders") != nil)

        try insertOrders(30..<40, in: schema, server: server)
        let plan = try fixture.run("plan", ["--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        #expect((json["rows"] as? [String: Int])?["read"] == EventFixture.lines(orders: 30..<40), "only the new rows are read")
        let second = try fixture.run("run", [], environment: mock.environment())
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(Set(try await mock.purchasedOrders()) == Set(purchased).union((30..<40).map(EventFixture.orderID)))
        #expect(try await mock.stats().int("duplicateEvents") == 0)
        #expect(try await mock.events().count { $0.kind == "custom" } == EventFixture.lines(orders: 0..<40))
        let third = try fixture.run("plan", ["--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(third.stdout.utf8)) as? [String: Any]).flatMap { $0["rows"] as? [String: Int] }?["read"] == 0)
        if let password = server.login.password {
            for output in [failed, first, plan, second] { #expect(!(output.stdout + output.stderr).contains(password)) }
        }
    }
}
