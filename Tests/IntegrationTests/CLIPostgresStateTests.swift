import Foundation
import SyncCore
import Testing

/// `--state` in PostgreSQL, end to end: the CLI against attentive-mock with its state in a
/// schema of a real server, reached by URI or by a variable holding a connection string.
@Suite(.serialized) struct CLIPostgresStateTests {
    let schema = "cli_" + UUID().uuidString.prefix(8).lowercased()

    func run(_ fixture: SyncFixture, _ command: String, state: String, _ environment: [String: String], _ arguments: [String] = []) throws -> CommandResult {
        try attentiveSync([command, fixture.mappingPath, "--state", state] + arguments, environment: environment)
    }

    @Test func aRerunAgainstAPostgresStateSendsNothing() async throws {
        let server = try await PostgresServer.shared()
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 12)
        fixture.writeMapping()
        var environment = mock.environment()
        environment["SYNC_STATE"] = server.login.connectionString + " schema=\(schema)"

        let first = try run(fixture, "run", state: "env:SYNC_STATE", environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("12 create"))
        // The URI form reaches the same state: nothing is left to send.
        let second = try run(fixture, "run", state: server.login.url + "?schema=\(schema)", environment)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("0 create, 0 update, 0 delete, 12 unchanged"), "\(second.stdout)")
        #expect(try await mock.stats().requests("POST /attributes/custom") == 12)
        // Nothing was written beside the mapping: no SQLite file, no lock file.
        #expect(!FileManager.default.fileExists(atPath: fixture.statePath))

        let history = try run(fixture, "history", state: "env:SYNC_STATE", environment)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.components(separatedBy: " run succeeded").count - 1 == 2, "\(history.stdout)")
        // The tables are in the chosen schema, with the migration recorded.
        let admin = try server.admin()
        #expect(try admin.value("SELECT count(*) FROM \(schema).records WHERE mapping = 'it'") == "12")
        #expect(try admin.value("SELECT max(version) FROM \(schema).schema_migrations") == "1")
        if let password = server.login.password {
            for output in [first, second, history] { #expect(!(output.stdout + output.stderr).contains(password)) }
        }
    }

    /// A run of the mapping holding the PostgreSQL lock keeps a second one out: exit 3, nothing sent.
    @Test func aHeldLockKeepsASecondRunOut() async throws {
        let server = try await PostgresServer.shared()
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 3)
        fixture.writeMapping()
        let url = server.login.url + "?schema=\(schema)"
        let held = try await PostgresRunLock.acquire(PostgresConnectionString(server.login.connectionString), schema: schema, mapping: "it", command: "run")
        let blocked = try run(fixture, "run", state: url, mock.environment())
        withExtendedLifetime(held) {}
        #expect(blocked.status == 3, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("another run of 'it' is in progress (held by pid \(getpid())"), "\(blocked.stderr)")
        #expect(try await mock.stats().requests("POST /attributes/custom") == 0)
    }

    @Test func anUnsetVariableIsNamed() throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 1)
        fixture.writeMapping()
        let result = try run(fixture, "plan", state: "env:NO_SUCH_STATE_VARIABLE", [:])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("--state env:NO_SUCH_STATE_VARIABLE: the environment variable NO_SUCH_STATE_VARIABLE is not set"))
    }
}
