import CLibPQ
import Foundation

/// A plain libpq connection for test setup: create schemas and tables, watch and stop backends.
/// Blocking; tests use it briefly, between the CLI runs they check.
final class PostgresAdmin {
    private let handle: OpaquePointer

    init(_ connectionString: String) throws {
        guard let connection = PQconnectdb(connectionString) else { throw PostgresAdminError(message: "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresAdminError(message: message)
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// Where this connection went, password included (from the string, `PGPASSWORD` or a pgpass file).
    var login: PostgresLogin {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
            pointer.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        return PostgresLogin(host: text(PQhost(handle)) ?? "localhost", port: text(PQport(handle)) ?? "5432",
                             user: text(PQuser(handle)) ?? "postgres", password: text(PQpass(handle)),
                             database: text(PQdb(handle)) ?? "postgres")
    }

    /// Runs `sql` (several statements at once if need be) and returns the last one's rows, NULL as nil.
    @discardableResult
    func execute(_ sql: String) throws -> [[String?]] {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw PostgresAdminError(message: String(cString: PQresultErrorMessage(result)) + " in: \(sql.prefix(200))")
        }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// The first column of the first row.
    func value(_ sql: String) throws -> String? {
        try execute(sql).first?.first ?? nil
    }

    /// Polls `sql` until it returns a row whose first column is `t`; false after `timeout`.
    func waitUntil(_ sql: String, timeout: Duration = .seconds(20)) throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try value(sql) == "t" { return true }
            usleep(50_000)
        }
        return false
    }
}

struct PostgresAdminError: Error, CustomStringConvertible {
    var message: String
    var description: String { "PostgreSQL (test setup): \(message)" }
}
