import Foundation
import Synchronization
import SyncCore
import Testing

/// The run lock of a state in PostgreSQL, against a real server: an advisory lock per schema
/// and mapping, freed when its session ends — a killed holder included.
@Suite struct PostgresRunLockTests {
    let schema = "s_" + UUID().uuidString.prefix(8).lowercased()

    func login() async throws -> PostgresConnectionString {
        PostgresConnectionString(try await PostgresServer.shared().login.connectionString)
    }

    @Test func twoRunsOfOneMappingExcludeEachOther() async throws {
        let url = try await login()
        var first: PostgresRunLock? = try await PostgresRunLock.acquire(url, schema: schema, mapping: "m", command: "run")
        let error = await #expect(throws: RunLock.HeldError.self) {
            try await PostgresRunLock.acquire(url, schema: schema, mapping: "m", command: "baseline")
        }
        #expect(error?.holder?.pid == getpid() && error?.holder?.command == "run", "\(String(describing: error))")
        #expect(error?.holder?.since.hasPrefix("20") == true)
        // Another mapping, or the same mapping in another state schema, is free.
        let other = try await PostgresRunLock.acquire(url, schema: schema, mapping: "catalog", command: "run")
        let elsewhere = try await PostgresRunLock.acquire(url, schema: schema + "_2", mapping: "m", command: "run")
        withExtendedLifetime((first, other, elsewhere)) {}
        first = nil
        _ = try await PostgresRunLock.acquire(url, schema: schema, mapping: "m", command: "run")
    }

    @Test func waitingGetsTheLockOnceItIsFree() async throws {
        let url = try await login()
        let holder = Mutex<PostgresRunLock?>(try await PostgresRunLock.acquire(url, schema: schema, mapping: "m", command: "run"))
        let waiting = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            waiting.wait()
            holder.withLock { $0 = nil }
        }
        let waited = Mutex(0)
        _ = try await PostgresRunLock.acquire(url, schema: schema, mapping: "m", command: "run", wait: .seconds(600)) { _ in
            waited.withLock { $0 += 1 }
            waiting.signal()
        }
        #expect(waited.withLock { $0 } == 1)
    }

    /// psql holds the key by hand, idle, as a run's lock connection is; SIGKILL ends its session.
    @Test func aKilledHolderFreesTheLock() async throws {
        let server = try await PostgresServer.shared()
        let url = try await login()
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = ["psql", "-X", "-q", server.login.connectionString + " application_name='lock-holder'"]
        let input = Pipe()
        psql.standardInput = input
        psql.standardOutput = FileHandle.nullDevice
        try psql.run()
        defer { if psql.isRunning { kill(psql.processIdentifier, SIGKILL) } }
        let key = PostgresRunLock.key(schema: schema, mapping: "m")
        input.fileHandleForWriting.write(Data("SELECT pg_advisory_lock(\(key));\n".utf8))
        let admin = try server.admin()
        #expect(try admin.waitUntil("""
            SELECT count(*) > 0 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'lock-holder'
            """))
        let error = await #expect(throws: RunLock.HeldError.self) {
            try await PostgresRunLock.acquire(url, schema: schema, mapping: "m", command: "run")
        }
        #expect(error?.holder?.command == "PostgreSQL backend of 'lock-holder'", "\(String(describing: error))")

        kill(psql.processIdentifier, SIGKILL)
        psql.waitUntilExit()
        let lock = try await PostgresRunLock.acquire(url, schema: schema, mapping: "m", command: "run", wait: .seconds(30))
        withExtendedLifetime(lock) {}
    }
}
