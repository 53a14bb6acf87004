import Foundation
import SyncCore
import Testing

/// Each way a PostgreSQL source fails, against a real server: a clear message, the SPEC's
/// exit status, nothing sent, nothing recorded, and never a password.
@Suite struct PostgresErrorTests {
    /// A schema holding 5 customers, a fixture whose mapping reads them, and the server.
    func setUp(count: Int = 5) async throws -> (PostgresServer, String, SyncFixture) {
        let server = try await PostgresServer.shared()
        let schema = try server.makeSchema()
        try server.createCustomers(in: schema, count: count)
        return (server, schema, SyncFixture())
    }

    func noStateRecorded(_ fixture: SyncFixture) throws -> Bool {
        try SQLiteStateStore(path: fixture.statePath).fingerprints(mapping: "it-pg", scope: .customAttributes).isEmpty
    }

    @Test func connectionRefused() async throws {
        let (server, schema, fixture) = try await setUp()
        let closedPort = try freeLoopbackPort()
        var login = server.login
        login.host = "127.0.0.1"
        login.port = "\(closedPort)"
        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": login.connectionString])
        let result = try fixture.run("plan")
        #expect(result.status == 3)
        #expect(result.stderr.contains("PostgreSQL: cannot connect"))
        #expect(result.stderr.contains("Connection refused"), "\(result.stderr)")
        #expect(result.stderr.contains("port \(closedPort)"))
        if let password = login.password { #expect(!(result.stdout + result.stderr).contains(password)) }
    }

    @Test func authenticationFailedNeverShowsThePassword() async throws {
        let (server, schema, fixture) = try await setUp()
        if !server.checksPasswords { try Test.cancel("the server at hand accepts any password over this route") }
        let mock = try MockProcess()
        for wrong in ["s3cret-Wrong-Pass", "an other'secret with spaces"] {
            var login = server.login
            login.password = wrong
            for connection in [login.connectionString, login.url] {
                fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": connection])
                let result = try fixture.run("run", ["--verbose"], environment: mock.environment())
                #expect(result.status == 3)
                #expect(result.stderr.contains("password authentication failed for user \"\(login.user)\""), "\(result.stderr)")
                #expect(!(result.stdout + result.stderr).contains(wrong))
                #expect(!(result.stdout + result.stderr).contains("secret"))
            }
        }
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)
        #expect(try noStateRecorded(fixture))
    }

    @Test func databaseMissing() async throws {
        let (server, schema, fixture) = try await setUp()
        var login = server.login
        login.database = "no_such_database_here"
        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": login.url])
        let result = try fixture.run("plan")
        #expect(result.status == 3)
        #expect(result.stderr.contains("database \"no_such_database_here\" does not exist"), "\(result.stderr)")
        if let password = login.password { #expect(!(result.stdout + result.stderr).contains(password)) }
    }

    @Test func syntaxErrorNamesTheServersMessageAndPosition() async throws {
        let (server, schema, fixture) = try await setUp()
        fixture.writePostgresMapping(["query": "SELECT phone,, email FROM \(schema).customers", "connection": server.login.url])
        let inline = try fixture.run("plan")
        #expect(inline.status == 2)
        #expect(inline.stderr.contains("PostgreSQL query (query): syntax error at or near \",\" (line 1, column 14) [42601]"), "\(inline.stderr)")

        fixture.write("-- customers for the nightly sync\nSELECT phone, email, tier, ltv, vip\n  FROM \(schema).customers\n WHERE vip AND AND tier = 'Gold';\n",
                      to: fixture.directory.appendingPathComponent("customers.sql").path)
        fixture.writePostgresMapping(["queryFile": "customers.sql", "connection": server.login.url])
        let fromFile = try attentiveSync(["validate", fixture.mappingPath])
        #expect(fromFile.status == 2)
        #expect(fromFile.stderr.contains("PostgreSQL query (customers.sql): syntax error at or near \"AND\" (line 4, column 16) [42601]"), "\(fromFile.stderr)")
    }

    @Test func unknownTableAndColumnAreMappingErrors() async throws {
        let (server, schema, fixture) = try await setUp()
        fixture.writePostgresMapping(["query": "SELECT phone, email, tier, ltv, vip FROM \(schema).customer", "connection": server.login.url])
        let table = try fixture.run("plan")
        #expect(table.status == 2)
        #expect(table.stderr.contains("relation \"\(schema).customer\" does not exist"), "\(table.stderr)")
        #expect(table.stderr.contains("[42P01]"))

        fixture.writePostgresMapping(["query": "SELECT phone, email, tierr AS tier, ltv, vip FROM \(schema).customers", "connection": server.login.url])
        let column = try fixture.run("plan")
        #expect(column.status == 2)
        #expect(column.stderr.contains("column \"tierr\" does not exist (line 1, column 22)"), "\(column.stderr)")
        #expect(column.stderr.contains("hint: Perhaps you meant to reference the column \"customers.tier\"."))
    }

    @Test func aMappedColumnTheQueryDoesNotReturnStopsBeforeAnythingIsSent() async throws {
        let (server, schema, fixture) = try await setUp()
        let mock = try MockProcess()
        fixture.writePostgresMapping(["query": "SELECT phone, email, tier, vip FROM \(schema).customers", "connection": server.login.url])
        for command in ["validate", "plan", "run"] {
            let result = command == "validate"
                ? try attentiveSync(["validate", fixture.mappingPath])
                : try fixture.run(command, environment: mock.environment())
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.contains("missing mapped column: 'ltv'"), "\(result.stderr)")
            #expect(result.stderr.contains("postgres://\(server.login.user)@"))
        }
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)
        #expect(try noStateRecorded(fixture))
    }

    @Test func aQueryThatWritesFailsInTheReadOnlyTransaction() async throws {
        let (server, schema, fixture) = try await setUp()
        let mock = try MockProcess()
        for (query, command) in [
            ("INSERT INTO \(schema).customers (n, phone) VALUES (99, '2127360000') RETURNING phone, email, tier, ltv, vip", "INSERT"),
            ("WITH gone AS (DELETE FROM \(schema).customers RETURNING phone, email, tier, ltv, vip) SELECT * FROM gone", "SELECT"),
        ] {
            fixture.writePostgresMapping(["query": query, "connection": server.login.url])
            let result = try fixture.run("run", environment: mock.environment())
            #expect(result.status == 2)
            #expect(result.stderr.contains("cannot execute \(command) in a read-only transaction; attentive-sync runs queries read-only: a mapping's query may not write [25006]"), "\(result.stderr)")
        }
        #expect(try server.admin().value("SELECT count(*) FROM \(schema).customers") == "5")
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)
        #expect(try noStateRecorded(fixture))
    }

    @Test func theServerGoingAwayMidStreamAbortsTheRunBeforeAnythingIsSent() async throws {
        let (server, schema, fixture) = try await setUp(count: 3000)
        let mock = try MockProcess()
        let application = "it-midstream-\(UUID().uuidString.prefix(8))"
        // Rows flow until row 2000, where the query sleeps: the client has read some by then.
        fixture.writePostgresMapping([
            "query": "SELECT phone, email, tier, ltv, vip FROM \(schema).customers c, LATERAL (SELECT CASE WHEN c.n = 2000 THEN pg_sleep(60) END) AS pause",
            "connection": server.login.url + "?application_name=\(application)",
        ])
        let running = try RunningCommand(["run", fixture.mappingPath, "--state", fixture.statePath], environment: mock.environment())
        let admin = try server.admin()
        let sleeping = try admin.waitUntil(
            "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = '\(application)' AND wait_event = 'PgSleep')")
        #expect(sleeping)
        try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(application)'")
        let result = running.wait()
        #expect(result.status == 3)
        #expect(result.stderr.contains("PostgreSQL: connection lost after"), "\(result.stderr)")
        #expect(result.stderr.contains("terminating connection due to administrator command"))
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)
        #expect(try noStateRecorded(fixture))
    }

    @Test func ctrlCCancelsTheRunningQueryAndSendsNothing() async throws {
        let (server, schema, fixture) = try await setUp()
        let mock = try MockProcess()
        let application = "it-cancel-\(UUID().uuidString.prefix(8))"
        fixture.writePostgresMapping([
            "query": "SELECT phone, email, tier, ltv, vip FROM \(schema).customers, pg_sleep(120)",
            "connection": server.login.url + "?application_name=\(application)",
        ])
        let start = ContinuousClock.now
        let running = try RunningCommand(["run", fixture.mappingPath, "--state", fixture.statePath], environment: mock.environment())
        let admin = try server.admin()
        #expect(try admin.waitUntil(
            "SELECT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = '\(application)' AND wait_event = 'PgSleep')"))
        running.interrupt()
        let result = running.wait()
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(result.status == 3)
        #expect(result.stderr.contains("canceled before the whole source was read; nothing was sent"), "\(result.stderr)")
        #expect(try admin.waitUntil(
            "SELECT NOT EXISTS (SELECT FROM pg_stat_activity WHERE application_name = '\(application)' AND state = 'active')"))
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)
        #expect(try noStateRecorded(fixture))
    }

    @Test func anUnsetConnectionVariableAndABadConnectionStringAreUsageErrors() async throws {
        let (_, schema, fixture) = try await setUp()
        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": ["env": "IT_NO_SUCH_DATABASE_URL"]])
        let unset = try fixture.run("plan")
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("source.postgres.connection: the environment variable IT_NO_SUCH_DATABASE_URL is not set"))

        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": "host=127.0.0.1 passwrod=hunter2-secret"])
        let malformed = try fixture.run("plan")
        #expect(malformed.status == 2)
        #expect(malformed.stderr.contains("invalid connection option \"passwrod\""), "\(malformed.stderr)")
        #expect(!malformed.stderr.contains("hunter2"))

        fixture.writePostgresMapping(["query": SyncFixture.customersQuery(schema), "connection": "host=127.0.0.1 password='unterminated hunter2"])
        let unterminated = try fixture.run("plan")
        #expect(unterminated.status == 2)
        #expect(!unterminated.stderr.contains("hunter2"), "\(unterminated.stderr)")
    }
}

/// A loopback TCP port nothing listens on (bound, then released).
func freeLoopbackPort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
            bind(socket, address, length) == 0 && getsockname(socket, address, &length) == 0
        }
    }
    guard bound else { throw PostgresAdminError(message: "cannot find a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
