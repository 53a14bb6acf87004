import Foundation
import SyncCore
import Testing

/// The diff inside the database (`PostgresDiffQuery`) against the client's: the same plan from
/// the same table and state, over changes, removals, new rows, invalid phones, duplicated keys
/// (exact copies, a new row of an unchanged key before and after it) and a deleted duplicate.
@Suite(.serialized) struct PostgresDiffTests {
    let schema = "diff_" + UUID().uuidString.prefix(8).lowercased()

    /// The plan's JSON report without what names where or when it ran.
    func report(_ result: CommandResult) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        var report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for field in ["generatedAt", "durationMs", "source", "state"] { report[field] = nil }
        return report
    }

    @Test func theDatabaseAndTheClientPlanAlike() async throws {
        try await comparePlans()
    }

    /// The same with the state's digests in a hash-partitioned table and every scan and join
    /// the planner can run in parallel made parallel: the plan shapes a distributed engine
    /// (Citus) runs the diff's SQL in.
    @Test func aPartitionedStateAndParallelQueryPlanAlike() async throws {
        try await comparePlans(settings: "-c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0 -c max_parallel_workers_per_gather=2") { admin, state in
            try admin.execute("""
                ALTER TABLE \(state).row_digests RENAME TO row_digests_plain;
                CREATE TABLE \(state).row_digests (LIKE \(state).row_digests_plain INCLUDING DEFAULTS) PARTITION BY HASH (key);
                CREATE TABLE \(state).row_digests_0 PARTITION OF \(state).row_digests FOR VALUES WITH (MODULUS 3, REMAINDER 0);
                CREATE TABLE \(state).row_digests_1 PARTITION OF \(state).row_digests FOR VALUES WITH (MODULUS 3, REMAINDER 1);
                CREATE TABLE \(state).row_digests_2 PARTITION OF \(state).row_digests FOR VALUES WITH (MODULUS 3, REMAINDER 2);
                ALTER TABLE \(state).row_digests ADD PRIMARY KEY (mapping, key, digest_high, digest_low);
                INSERT INTO \(state).row_digests SELECT * FROM \(state).row_digests_plain;
                DROP TABLE \(state).row_digests_plain;
                """)
            #expect(try admin.value("SELECT count(*) FROM pg_inherits WHERE inhparent = '\(state).row_digests'::regclass") == "3")
            #expect(try admin.value("SELECT count(*) FROM \(state).row_digests_1") != "0")
        }
    }

    /// Baselines the sample table, checks both diffs plan the unchanged table alike, makes day 1's
    /// edits and checks they plan day 1 alike. `settings`: the sessions' (PGOPTIONS);
    /// `prepare`: what to do to the state once it is baselined.
    func comparePlans(settings: String = "", prepare: (PostgresAdmin, String) throws -> Void = { _, _ in }) async throws {
        let server = try await PostgresServer.shared()
        let admin = try server.admin()
        try admin.execute("CREATE SCHEMA \(schema)")
        let sample = try String(contentsOf: Executables.packageRoot.appendingPathComponent("samples/customers.sql"), encoding: .utf8)
        try admin.execute("SET search_path TO \(schema);\n" + sample)
        let fixture = SyncFixture()
        fixture.write(try String(contentsOf: Executables.packageRoot.appendingPathComponent("mappings/customers-postgres.json"), encoding: .utf8)
            .replacingOccurrences(of: #""customAttributes": "ignore""#, with: #""customAttributes": "clear""#), to: fixture.mappingPath)
        var environment = server.login.environment
        environment["PGOPTIONS"] = "-c search_path=\(schema) " + settings
        let state = "postgresql://?schema=\(schema)_state"
        let plan = { (arguments: [String]) in
            try attentiveSync(["plan", fixture.mappingPath, "--state", state, "--format", "json", "--verbose"] + arguments, environment: environment)
        }

        #expect(try attentiveSync(["baseline", fixture.mappingPath, "--state", state], environment: environment).status == 0)
        try prepare(admin, "\(schema)_state")
        let unchanged = try plan(["--diff-in-database"])
        #expect(unchanged.stderr.contains("diff=database"), "\(unchanged.stderr)")
        #expect(try NSDictionary(dictionary: report(unchanged)) == NSDictionary(dictionary: report(plan([]))))

        // Day 1. Rows are ordered by customer_id: 'C0000…' rows sort before the sample's, 'Z…' after.
        try admin.execute("""
            SET search_path TO \(schema);
            UPDATE customers SET loyalty_tier = 'Platinum' WHERE customer_id IN (SELECT customer_id FROM customers ORDER BY customer_id OFFSET 10 LIMIT 7);
            DELETE FROM customers WHERE customer_id IN (SELECT customer_id FROM customers ORDER BY customer_id OFFSET 40 LIMIT 5);
            UPDATE customers SET phone = 'not a phone' WHERE customer_id IN (SELECT customer_id FROM customers ORDER BY customer_id OFFSET 60 LIMIT 2);
            INSERT INTO customers (customer_id, email, phone, first_name, loyalty_tier, lifetime_value, vip)
                VALUES ('Z-new-1', 'new.one@example.com', '(415) 555-0199', 'New', 'Gold', 12.5, true);
            -- An exact copy of an unchanged row, a later row of an unchanged key (it wins), and an
            -- earlier one (the unchanged row after it wins).
            INSERT INTO customers SELECT 'Z-copy', email, phone, first_name, last_name, loyalty_tier, lifetime_value, vip, birthday,
                sms_opt_in, email_opt_in, shopify_id, loyalty_id, favorite_category, updated_at
                FROM customers ORDER BY customer_id OFFSET 100 LIMIT 1;
            INSERT INTO customers SELECT 'Z-later', email, phone, first_name, last_name, 'Silver', 1.5, vip, birthday,
                sms_opt_in, email_opt_in, shopify_id, loyalty_id, favorite_category, updated_at
                FROM customers ORDER BY customer_id OFFSET 120 LIMIT 1;
            INSERT INTO customers SELECT 'C0000-earlier', email, phone, first_name, last_name, 'Bronze', 2.5, vip, birthday,
                sms_opt_in, email_opt_in, shopify_id, loyalty_id, favorite_category, updated_at
                FROM customers ORDER BY customer_id OFFSET 140 LIMIT 1;
            """)
        let inDatabase = try plan(["--diff-in-database"]), onClient = try plan([])
        #expect(inDatabase.stderr.contains("diff=database") && onClient.stderr.contains("diff=client"))
        // Most rows stayed in the database.
        let sent = try #require(inDatabase.stderr.firstMatch(of: /read the source bytes=(\d+).* rows=(\d+) sent=(\d+)/), "\(inDatabase.stderr)")
        #expect(Int(sent.3)! * 3 < Int(sent.2)!, "\(sent.0)")
        let all = try #require(onClient.stderr.firstMatch(of: /read the source bytes=(\d+)/), "\(onClient.stderr)")
        #expect(Int(sent.1)! * 2 < Int(all.1)!, "\(sent.0) \(all.0)")
        let a = try report(inDatabase), b = try report(onClient)
        for key in Set(a.keys).union(b.keys).sorted() {
            #expect(NSDictionary(dictionary: ["v": a[key] ?? NSNull()]) == NSDictionary(dictionary: ["v": b[key] ?? NSNull()]), "\(key) differs: \(String(describing: a[key]).prefix(1500)) vs \(String(describing: b[key]).prefix(1500))")
        }
        // The plan has every kind of change the edits make.
        let counts = try #require(a["counts"] as? [String: [String: Int]])
        #expect(counts["customAttributes"]?["update"] ?? 0 >= 5)
        #expect(counts["customAttributes"]?["create"] ?? 0 >= 1)
        #expect(counts["customAttributes"]?["delete"] ?? 0 >= 5)
        #expect((a["duplicates"] as? [Any])?.count ?? 0 >= 3)
        #expect((a["rejected"] as? [Any])?.count ?? 0 >= 2)
    }
}
