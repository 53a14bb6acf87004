import Foundation
import Synchronization
import SyncCore

/// The PostgreSQL server the integration tests use, found once per test process:
/// `POSTGRES_URL` when set, else libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`,
/// `PGDATABASE`, `PGSERVICE` …) when it names a server, else a throwaway cluster
/// (`scripts/throwaway-postgres.sh`) removed when the tests exit.
///
/// Tests get a database of their own on it (`attentive_sync_it_PID`, dropped at exit), so
/// the role needs CREATEDB; each test then works in a fresh schema (`makeSchema()`).
final class PostgresServer: Sendable {
    /// The test database, as the tests' role reaches it.
    let login: PostgresLogin
    /// Whether a wrong password is refused over this login's route (true for the throwaway cluster).
    let checksPasswords: Bool

    private init(login: PostgresLogin, checksPasswords: Bool) {
        self.login = login
        self.checksPasswords = checksPasswords
    }

    /// The server, started or found on first use.
    static func shared() async throws -> PostgresServer {
        try await started.value
    }

    private static let started = Task {
        try await BlockingThread.run(name: "postgres-test-server") { try PostgresServer.start() }
    }

    /// A connection for test setup, to the test database.
    func admin() throws -> PostgresAdmin {
        try PostgresAdmin(login.connectionString)
    }

    /// A fresh, empty schema for one test.
    func makeSchema() throws -> String {
        let name = "t_" + UUID().uuidString.prefix(8).lowercased()
        try admin().execute("CREATE SCHEMA \(name)")
        return name
    }

    private static func start() throws -> PostgresServer {
        let environment = ProcessInfo.processInfo.environment
        let adminConnection: String
        if let url = environment["POSTGRES_URL"], !url.isEmpty {
            adminConnection = url
        } else if ["PGHOST", "PGPORT", "PGDATABASE", "PGSERVICE", "PGUSER"].contains(where: { environment[$0] != nil }) {
            adminConnection = ""
        } else {
            adminConnection = try startThrowawayCluster()
        }
        let admin = try PostgresAdmin(adminConnection)
        // Only now: handlers run in reverse order, so ours run before the teardown that
        // libpq's first connection registered (OpenSSL's), while libpq still works.
        runExitActionsAtExit()
        let database = "attentive_sync_it_\(getpid())"
        try admin.execute("DROP DATABASE IF EXISTS \(database)")
        try admin.execute("CREATE DATABASE \(database)")
        var login = admin.login
        let adminLogin = login
        onExit {
            if let admin = try? PostgresAdmin(adminLogin.connectionString) {
                _ = try? admin.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
            }
        }
        login.database = database
        var wrong = login
        wrong.password = "not-the-password-\(UUID().uuidString)"
        let refused = (try? PostgresAdmin(wrong.connectionString)) == nil
        return PostgresServer(login: login, checksPasswords: refused)
    }

    /// Starts a cluster with the package's script; returns its URL. It is removed at exit.
    ///
    /// Through `popen`, not `Process`: this runs on a thread of its own, where Foundation's
    /// `Process` can miss the child's exit and wait forever.
    private static func startThrowawayCluster() throws -> String {
        let script = Executables.packageRoot.appendingPathComponent("scripts/throwaway-postgres.sh").path
        guard let pipe = popen("OWNER_PID=\(getpid()) /bin/bash '\(script)' start 2>&1", "r") else {
            throw PostgresAdminError(message: "cannot run \(script)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let count = fread(&chunk, 1, chunk.count, pipe), count > 0 {
            bytes += chunk[0..<count]
        }
        let status = pclose(pipe)
        let output = String(decoding: bytes, as: UTF8.self)
        let lines = output.split(separator: "\n").map(String.init)
        guard status == 0, lines.count >= 2, lines[lines.count - 1].hasPrefix("postgresql://") else {
            throw PostgresAdminError(message: "cannot start a throwaway cluster (set POSTGRES_URL to use a server): \(output)")
        }
        let directory = lines[lines.count - 2]
        onExit { _ = system("/bin/bash '\(script)' stop '\(directory)' >/dev/null 2>&1") }
        return lines[lines.count - 1]
    }
}

/// How to log in to a database: turned into a connection string, a URI or libpq's variables.
struct PostgresLogin: Sendable {
    var host: String
    var port: String
    var user: String
    var password: String?
    var database: String

    /// `host='…' port='…' …`, values quoted for libpq.
    var connectionString: String {
        var pairs = [("host", host), ("port", port), ("user", user), ("dbname", database)]
        if let password { pairs.append(("password", password)) }
        return pairs.map { "\($0.0)='\(Self.quoted($0.1))'" }.joined(separator: " ")
    }

    /// `postgresql://user:password@host:port/database`.
    var url: String {
        func encoded(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "-._~").union(.alphanumerics)) ?? text
        }
        let secret = password.map { ":" + encoded($0) } ?? ""
        return "postgresql://\(encoded(user))\(secret)@\(encoded(host)):\(port)/\(encoded(database))"
    }

    /// libpq's environment variables for this login (`PGPASSWORD` included when there is one).
    var environment: [String: String] {
        var variables = ["PGHOST": host, "PGPORT": port, "PGUSER": user, "PGDATABASE": database]
        if let password { variables["PGPASSWORD"] = password }
        return variables
    }

    private static func quoted(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}

private let exitActions = Mutex<[@Sendable () -> Void]>([])

/// Runs `action` when the test process exits (once `runExitActionsAtExit` was called),
/// after the actions registered after it.
private func onExit(_ action: @escaping @Sendable () -> Void) {
    exitActions.withLock { $0.append(action) }
}

/// Registers the exit actions with `atexit`; called once, by `PostgresServer.start`.
private func runExitActionsAtExit() {
    atexit {
        for action in exitActions.withLock({ $0 }).reversed() { action() }
    }
}
