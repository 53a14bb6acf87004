import Foundation
import SyncCore
import Testing

/// The CLI end to end with a PostgreSQL source, against a real server and attentive-mock.
@Suite struct PostgresSyncTests {
    @Test func runSendsTheQuerysRowsAndARerunSendsNothing() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.createCustomers(in: schema, count: 40)
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": server.login.url])

        let first = try fixture.run("run", ["--verbose"], environment: mock.environment())
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("40 create"))
        let held = try await mock.attributes()
        let customer7 = try #require(held[SyncFixture.e164(7)])
        #expect(customer7["Tier"] as? String == "Silver")
        #expect((customer7["LTV"] as? NSNumber)?.doubleValue == 7.5)
        #expect(customer7["VIP"] as? Bool == false)
        #expect(try await mock.stats().schemaViolations == 0)

        let second = try fixture.run("run", environment: mock.environment())
        #expect(second.status == 0)
        #expect(second.stdout.contains("0 create, 0 update, 0 delete, 40 unchanged"))
        #expect(try await mock.stats().requests("POST /attributes/custom") == 40)

        try server.admin().execute("UPDATE \(schema).customers SET tier = 'Platinum' WHERE n IN (3, 4, 5)")
        let third = try fixture.run("run", environment: mock.environment())
        #expect(third.stdout.contains("0 create, 3 update"))

        let report = try fixture.run("plan", ["--format", "json"])
        let history = try fixture.run("history")
        if let password = server.login.password {
            for output in [first, second, third, report, history] {
                #expect(!(output.stdout + output.stderr).contains(password))
            }
        }
    }

    /// The sample table (samples/customers.sql) and the sample CSV hold the same customers:
    /// planned through the two sample mappings they give the same changes; a state
    /// baselined from the CSV finds the query's rows unchanged, and one edit in the table is
    /// one update.
    @Test func csvAndPostgresSourcesOfTheSameRowsGiveTheSamePlan() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        let root = Executables.packageRoot
        let sampleSQL = try String(contentsOf: root.appendingPathComponent("samples/customers.sql"), encoding: .utf8)
        try server.admin().execute("SET search_path TO \(schema);\n" + sampleSQL)

        let fixture = SyncFixture()
        let csvMapping = fixture.directory.appendingPathComponent("csv.json").path
        let pgMapping = fixture.directory.appendingPathComponent("pg.json").path
        fixture.write(try String(contentsOf: root.appendingPathComponent("mappings/customers-attributes.json"), encoding: .utf8)
            .replacingOccurrences(of: "../samples/customers.csv", with: root.appendingPathComponent("samples/customers.csv").path), to: csvMapping)
        fixture.write(try String(contentsOf: root.appendingPathComponent("mappings/customers-postgres.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"customers-postgres\"", with: "\"customers-attributes\""), to: pgMapping)
        // The sample mapping names no connection: libpq's environment decides, as for psql.
        var libpq = server.login.environment
        libpq["PGOPTIONS"] = "-c search_path=\(schema)"

        func plan(_ mapping: String, state: String) throws -> [String: Any] {
            let result = try attentiveSync(["plan", mapping, "--state", state, "--format", "json"], environment: libpq)
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        func changes(_ report: [String: Any]) -> NSArray {
            NSArray(array: (report["changes"] as? [[String: Any]] ?? []).map { $0.filter { $0.key != "line" } })
        }
        let fromCSV = try plan(csvMapping, state: fixture.statePath)
        let fromPostgres = try plan(pgMapping, state: fixture.statePath)
        #expect((fromCSV["changes"] as? [Any])?.count ?? 0 > 100)
        #expect(changes(fromCSV) == changes(fromPostgres))
        #expect(NSDictionary(dictionary: fromCSV["counts"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: fromPostgres["counts"] as? [String: Any] ?? [:]))
        #expect(NSDictionary(dictionary: fromCSV["rows"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: fromPostgres["rows"] as? [String: Any] ?? [:]))
        // CSV lines count the header; query rows do not.
        let csvRejected = (fromCSV["rejected"] as? [[String: Any]] ?? []).map { "\(($0["line"] as? Int ?? 0) - 1) \($0["reason"] ?? "")" }
        let pgRejected = (fromPostgres["rejected"] as? [[String: Any]] ?? []).map { "\($0["line"] as? Int ?? 0) \($0["reason"] ?? "")" }
        #expect(!csvRejected.isEmpty)
        #expect(csvRejected == pgRejected)

        let baseline = try attentiveSync(["baseline", csvMapping, "--state", fixture.statePath], environment: libpq)
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let unchanged = try plan(pgMapping, state: fixture.statePath)
        #expect((unchanged["changes"] as? [Any])?.isEmpty == true)

        try server.admin().execute("UPDATE \(schema).customers SET loyalty_tier = 'Diamond', lifetime_value = 12.30 WHERE customer_id = 'C000000001'")
        let edited = try plan(pgMapping, state: fixture.statePath)
        let edits = edited["changes"] as? [[String: Any]] ?? []
        #expect(edits.count == 1)
        #expect(edits.first?["operation"] as? String == "update")
        #expect(edits.first?["line"] as? Int == 2)
        let fields = edits.first?["fields"] as? [[String: Any]] ?? []
        #expect(fields.map { $0["name"] as? String } == ["Lifetime Value", "Loyalty Tier"])
        #expect((fields.first?["new"] as? NSNumber)?.doubleValue == 12.3)
        #expect(fields.last?["new"] as? String == "Diamond")
    }

    @Test func libpqsEnvironmentAndPassFileDecideWhenTheMappingNamesNoConnection() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.createCustomers(in: schema, count: 5)
        let fixture = SyncFixture()
        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema)])
        var environment = server.login.environment
        if let password = environment.removeValue(forKey: "PGPASSWORD") {
            let passFile = fixture.directory.appendingPathComponent("pgpass").path
            let login = server.login
            fixture.write("\(login.host):\(login.port):\(login.database):\(login.user):\(password)\n", to: passFile)
            chmod(passFile, 0o600)
            environment["PGPASSFILE"] = passFile
        }
        let result = try fixture.run("plan", environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("5 create"))
        #expect(result.stdout.contains("postgres://\(server.login.user)@"))
        if let password = server.login.password { #expect(!(result.stdout + result.stderr).contains(password)) }

        // A bare database name, as `psql NAME` takes it; the rest still from the environment.
        environment.removeValue(forKey: "PGDATABASE")
        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": server.login.database])
        let named = try fixture.run("plan", environment: environment)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("5 create"))
    }

    @Test func theConnectionCanComeFromANamedEnvironmentVariableAndTheQueryFromAFile() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.createCustomers(in: schema, count: 3)
        let fixture = SyncFixture()
        try FileManager.default.createDirectory(at: fixture.directory.appendingPathComponent("sql"), withIntermediateDirectories: true)
        fixture.write(SyncFixture.customersQuery(schema) + ";\n-- the end\n", to: fixture.directory.appendingPathComponent("sql/customers.sql").path)
        fixture.writePostgresMapping(["queryFile": "sql/customers.sql", "connection": ["env": "IT_DATABASE_URL"]])
        let result = try fixture.run("plan", environment: ["IT_DATABASE_URL": server.login.url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 create"))
        #expect(result.stdout.contains("(customers.sql)"))
    }

    @Test func validatePreparesTheQueryWithoutRunningIt() async throws {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.createCustomers(in: schema, count: 5)
        let fixture = SyncFixture()
        // Prepares fine; fails with division by zero as soon as it runs.
        fixture.writePostgresMapping([
            "query": "SELECT phone, email, tier, ltv, vip FROM \(schema).customers WHERE n / (SELECT count(*) - 5 FROM \(schema).customers) = 0",
            "connection": server.login.url,
        ])
        let validate = try attentiveSync(["validate", fixture.mappingPath])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout.contains("OK"))
        #expect(validate.stdout.contains("(5 columns)"))
        let plan = try fixture.run("plan")
        #expect(plan.status == 3)
        #expect(plan.stderr.contains("division by zero [22012]"), "\(plan.stderr)")
    }
}
