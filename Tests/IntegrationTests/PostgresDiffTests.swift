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
        // When the state compared with was recorded: two states are, a second apart or not.
        if var summary = report["summary"] as? [String: Any], var compared = summary["comparedWith"] as? [String: Any] {
            compared["startedAt"] = nil
            summary["comparedWith"] = compared
            report["summary"] = summary
        }
        return report
    }

    /// The sample customers in a table of the test's schema, the sample PostgreSQL mapping (as
    /// `editing` makes it) reading it, and the sessions' environment (`settings`: PGOPTIONS).
    func sampleTable(settings: String = "", editing: (String) -> String = { $0 }) async throws -> (PostgresAdmin, SyncFixture, [String: String]) {
        let server = try await PostgresServer.shared()
        let admin = try server.admin()
        try admin.execute("CREATE SCHEMA \(schema)")
        let sample = try String(contentsOf: Executables.packageRoot.appendingPathComponent("samples/customers.sql"), encoding: .utf8)
        try admin.execute("SET search_path TO \(schema);\n" + sample)
        let fixture = SyncFixture()
        fixture.write(editing(try String(contentsOf: Executables.packageRoot.appendingPathComponent("mappings/customers-postgres.json"), encoding: .utf8)),
                      to: fixture.mappingPath)
        var environment = server.login.environment
        environment["PGOPTIONS"] = "-c search_path=\(schema) " + settings
        return (admin, fixture, environment)
    }

    /// Each field of two reports alike, named when it is not.
    func expectAlike(_ a: [String: Any], _ b: [String: Any]) throws {
        for key in Set(a.keys).union(b.keys).sorted() {
            #expect(NSDictionary(dictionary: ["v": a[key] ?? NSNull()]) == NSDictionary(dictionary: ["v": b[key] ?? NSNull()]), "\(key) differs: \(String(describing: a[key]).prefix(1500)) vs \(String(describing: b[key]).prefix(1500))")
        }
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
        let (admin, fixture, environment) = try await sampleTable(settings: settings) {
            $0.replacingOccurrences(of: #""customAttributes": "ignore""#, with: #""customAttributes": "clear""#)
        }
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
        let a = try report(inDatabase)
        try expectAlike(a, try report(onClient))
        // The plan has every kind of change the edits make.
        let counts = try #require(a["counts"] as? [String: [String: Int]])
        #expect(counts["customAttributes"]?["update"] ?? 0 >= 5)
        #expect(counts["customAttributes"]?["create"] ?? 0 >= 1)
        #expect(counts["customAttributes"]?["delete"] ?? 0 >= 5)
        #expect((a["duplicates"] as? [Any])?.count ?? 0 >= 3)
        #expect((a["rejected"] as? [Any])?.count ?? 0 >= 2)
    }

    /// Keys with several rows, so several digests in the state: an unchanged table sends none
    /// of their rows, and day 2's edits of them — a changed winning row, a changed earlier row,
    /// the winning row deleted, a new row after it, the winning row moved first, exact copies
    /// before and after it — plan alike, and record the same state.
    @Test func keysWithSeveralDigestsPlanAndSettleAlike() async throws {
        let (admin, fixture, environment) = try await sampleTable()
        let inDatabase = "postgresql://?schema=\(schema)_a", onClient = "postgresql://?schema=\(schema)_b"
        func command(_ arguments: [String]) throws -> CommandResult {
            try attentiveSync(arguments, environment: environment)
        }
        func plans() throws -> (inDatabase: CommandResult, onClient: CommandResult) {
            let arguments = ["plan", fixture.mappingPath, "--format", "json", "--verbose"]
            return (try command(arguments + ["--state", inDatabase, "--diff-in-database"]), try command(arguments + ["--state", onClient]))
        }
        func sent(_ result: CommandResult) throws -> Int {
            let sent = try #require(result.stderr.firstMatch(of: /\ssent=(\d+)/), "\(result.stderr)")
            return Int(sent.1)!
        }

        // Keys 1 to 7 get a later row each (key 2 two), with other values: it wins.
        var ids: [String] = []
        for offset in 150..<158 { ids.append(try #require(try admin.value("SELECT customer_id FROM \(schema).customers ORDER BY customer_id OFFSET \(offset) LIMIT 1"))) }
        func copy(_ id: String, as newID: String, set: String = "") -> String {
            let columns = "email, phone, first_name, last_name, loyalty_tier, lifetime_value, vip, birthday, sms_opt_in, email_opt_in, shopify_id, loyalty_id, favorite_category, updated_at"
            return "INSERT INTO customers SELECT '\(newID)', \(columns) FROM customers WHERE customer_id = '\(id)';"
                + (set.isEmpty ? "" : " UPDATE customers SET \(set) WHERE customer_id = '\(newID)';")
        }
        try admin.execute("SET search_path TO \(schema);\n" + ids.prefix(7).enumerated().map { index, id in
            copy(id, as: "Zk\(index + 1)-b", set: "loyalty_tier = 'Silver', lifetime_value = \(10 + index)")
        }.joined(separator: "\n") + copy(ids[1], as: "Zk2-c", set: "loyalty_tier = 'Gold'")
            // Key 8: a row with a warning (an invalid email) before its winning row.
            + copy(ids[7], as: "Zk8-b", set: "email = 'not-an-email'") + copy(ids[7], as: "Zk8-c", set: "loyalty_tier = 'Gold'"))
        for state in [inDatabase, onClient] { #expect(try command(["baseline", fixture.mappingPath, "--state", state]).status == 0) }

        let unchanged = try plans()
        let report = try report(unchanged.inDatabase)
        try expectAlike(report, try self.report(unchanged.onClient))
        #expect((report["duplicates"] as? [Any])?.count ?? 0 >= 7)
        // Only rows with warnings come: the state's digests do not settle their keys. Rejected rows are
        // rejected again by their lines.
        let rejected = try #require(report["rejected"] as? [Any]), warnings = try #require(report["warnings"] as? [Any])
        #expect(rejected.count >= 3 && warnings.count >= 1)
        let sentUnchanged = try sent(unchanged.inDatabase)
        #expect(sentUnchanged == warnings.count, "\(unchanged.inDatabase.stderr)")

        try admin.execute("""
            SET search_path TO \(schema);
            UPDATE customers SET loyalty_tier = 'Platinum' WHERE customer_id = 'Zk1-b';
            UPDATE customers SET lifetime_value = 99 WHERE customer_id = 'Zk2-b';
            DELETE FROM customers WHERE customer_id = 'Zk3-b';
            \(copy(ids[3], as: "Zz4", set: "loyalty_tier = 'Gold', lifetime_value = 44"))
            UPDATE customers SET customer_id = 'A5' WHERE customer_id = 'Zk5-b';
            \(copy("Zk6-b", as: "B6"))
            \(copy(ids[6], as: "Zz7"))
            """)
        let day2 = try plans()
        let day2Report = try self.report(day2.inDatabase)
        try expectAlike(day2Report, try self.report(day2.onClient))
        let counts = try #require(day2Report["counts"] as? [String: [String: Int]])
        #expect(counts["customAttributes"]?["update"] ?? 0 >= 5, "\(counts)")
        // Sent: the two changed rows, the new one, and the last known rows of keys 1, 3, 5 and 7, which are not their
        // winners (key 1's changed): each may be built.
        #expect(try sent(day2.inDatabase) == sentUnchanged + 7, "\(day2.inDatabase.stderr)")

        // Recorded as synced, the two states hold the same digests, rejections and records.
        #expect(try command(["baseline", fixture.mappingPath, "--state", inDatabase, "--diff-in-database"]).status == 0)
        #expect(try command(["baseline", fixture.mappingPath, "--state", onClient]).status == 0)
        func recorded(_ state: String) throws -> [String] {
            let export = try command(["state", "export", "--state", state])
            #expect(export.status == 0, "\(export.stderr)")
            return try export.stdout.split(separator: "\n").dropFirst().compactMap { line in
                let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                switch row["table"] as? String {
                case "row_digests", "rejected_rows": return String(line)
                // Without updated_at.
                case "records": return "\(((row["row"] as? [Any]) ?? []).dropLast())"
                default: return nil
                }
            }
        }
        let a = try recorded(inDatabase)
        #expect(a.count > 300)
        #expect(a == (try recorded(onClient)))
    }
}
