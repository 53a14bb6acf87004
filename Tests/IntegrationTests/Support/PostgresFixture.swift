import Foundation

extension PostgresServer {
    /// `schema.customers`: `count` customers shaped like `SyncFixture.writeCustomers`, typed as a
    /// warehouse holds them (`ltv numeric(12,2)`, `vip boolean`), with `n` their number.
    func createCustomers(in schema: String, count: Int) throws {
        try admin().execute("""
            CREATE TABLE \(schema).customers AS
            SELECT i AS n, '(212) 736-' || (5000 + i) AS phone, 'Customer.' || i || '@Example.com' AS email,
                   (ARRAY['Bronze', 'Silver', 'Gold'])[i % 3 + 1] AS tier, (i || '.50')::numeric(12,2) AS ltv,
                   i % 2 = 0 AS vip
            FROM generate_series(0, \(count - 1)) AS i
            """)
    }
}

extension SyncFixture {
    /// The query over `createCustomers`' table that `writeCustomers`' CSV mapping expects.
    static func customersQuery(_ schema: String) -> String {
        "SELECT phone, email, tier, ltv, vip FROM \(schema).customers ORDER BY n"
    }

    /// A mapping like `writeMapping()` whose source is `{"postgres": source}`.
    func writePostgresMapping(_ source: [String: Any], name: String = "it-pg") {
        let mapping: [String: Any] = [
            "name": name,
            "source": ["postgres": source],
            "identity": ["phone": ["column": "phone", "defaultRegion": "US"], "email": "email"],
            "customAttributes": [
                "Tier": "tier", "LTV": ["column": "ltv", "type": "number"],
                "VIP": ["column": "vip", "type": "boolean"], "Source": ["value": "warehouse"],
            ],
        ]
        let data = try! JSONSerialization.data(withJSONObject: mapping, options: [.prettyPrinted, .sortedKeys])
        try! data.write(to: URL(fileURLWithPath: mappingPath))
    }
}

/// The CLI started without waiting for it: for tests that interrupt it or pull the server away.
final class RunningCommand {
    private let process = Process()
    private let out = Pipe(), err = Pipe()

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Executables.attentiveSync
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Ctrl-C.
    func interrupt() { process.interrupt() }

    /// Waits for the command to end (killing it after `timeout`) and returns what it printed.
    func wait(timeout: Duration = .seconds(30)) -> CommandResult {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                             stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
