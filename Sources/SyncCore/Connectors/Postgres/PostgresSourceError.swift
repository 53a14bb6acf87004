/// Why a PostgreSQL source could not be read, in the server's words.
///
/// The description names what failed and carries libpq's or the server's message, with any
/// password scrubbed out; it never holds row data. Query errors name the position in the
/// query as line and column:
/// `PostgreSQL query (customers.sql): syntax error at or near "FORM" (line 2, column 3) [42601]`.
public struct PostgresSourceError: Error, Sendable, CustomStringConvertible {
    enum Code: Sendable, Equatable {
        /// libpq refused the connection string itself.
        case invalidConnectionString
        /// No session: refused, unreachable, authentication failed, no such database …
        case connectionFailed
        /// The server rejected the query, or failed while running it.
        case queryFailed
        /// The connection broke while rows were being read.
        case connectionLost(rowsRead: Int)
    }

    let code: Code
    /// libpq's or the server's message, one line, passwords scrubbed.
    public let message: String
    /// The SQLSTATE the server reported, when it reported one (`42601` for a syntax error).
    public let sqlState: String?
    /// Where the query came from (`customers.sql`, `query`), for query errors.
    let queryOrigin: String?

    init(_ code: Code, message: String, sqlState: String? = nil, queryOrigin: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.queryOrigin = queryOrigin
    }

    /// The mapping is at fault — a malformed connection string, or a query with a syntax
    /// error, an unknown table or column, a write in the read-only transaction — so it must
    /// change: a usage error (exit 2), not an outage (exit 3).
    public var isMappingError: Bool {
        if code == .invalidConnectionString { return true }
        guard code == .queryFailed, let sqlState else { return false }
        return (sqlState.hasPrefix("42") && sqlState != "42501") || sqlState == "25006" || sqlState == "0A000"
    }

    /// The server went away or the session broke: the source is unreadable.
    public var isConnectionLost: Bool {
        if case .connectionLost = code { return true }
        return false
    }

    public var description: String {
        let state = sqlState.map { " [\($0)]" } ?? ""
        switch code {
        case .invalidConnectionString:
            return "PostgreSQL: invalid connection string: \(message)"
        case .connectionFailed:
            return "PostgreSQL: cannot connect: \(message)"
        case .queryFailed:
            return "PostgreSQL query (\(queryOrigin ?? "query")): \(message)\(state)"
        case .connectionLost(let rows):
            return "PostgreSQL: connection lost after \(rows) row\(rows == 1 ? "" : "s"), before the query finished: \(message)\(state)"
        }
    }
}
