import CLibPQ
import Foundation

/// One libpq connection, opened from a connection string or libpq's environment.
///
/// Every call blocks until the server answers: use it from a thread of its own
/// (`BlockingThread`), one thread at a time. Errors come back as `PostgresSourceError`
/// with passwords scrubbed; the handle is closed on every failure path and on deinit.
final class PostgresConnection {
    /// A result column: its name and type.
    struct Column: Equatable {
        var name: String
        var type: PostgresType
    }

    private let handle: OpaquePointer
    /// Password texts to scrub from every message: the connection string's and `PGPASSWORD`.
    private let secrets: [String]
    /// Where the query came from, for query errors.
    var queryOrigin: String?
    /// The query last sent, and how many characters the statement added before it
    /// (`COPY (` …), so error positions point into the query as the user wrote it.
    private var lastQuery = ""
    private var positionOffset = 0
    /// Bytes of the COPY rows received so far (the rows' text, without the protocol's framing).
    private(set) var copyBytesReceived = 0

    /// Connects (blocking, honoring `connect_timeout`) and checks the session is usable.
    /// `parameters`: more libpq connection parameters (keepalives …), applied after the
    /// connection string's.
    init(connectionString: PostgresConnectionString?, applicationName: String = "attentive-sync",
         parameters extra: [(String, String)] = []) throws(PostgresSourceError) {
        var secrets = connectionString.map { ConnectionStringRedaction.passwords(in: $0.rawValue) } ?? []
        if let password = ProcessInfo.processInfo.environment["PGPASSWORD"] { secrets.append(password) }
        // As libpq does: a URI or a string with `=` is a connection string, else a database name.
        if let text = connectionString?.rawValue,
           text.contains("=") || text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
            secrets += try Self.parsedPasswords(text, secrets: secrets)
        }
        self.secrets = secrets

        // `dbname` first, expanded as a connection string or URI when it is one; the later
        // parameters override what it says: rows must come as UTF-8.
        var parameters: [(String, String)] = []
        if let connectionString { parameters.append(("dbname", connectionString.rawValue)) }
        parameters.append(("fallback_application_name", applicationName))
        parameters.append(("client_encoding", "UTF8"))
        parameters += extra
        let connection = Self.connect(parameters)
        guard let connection else {
            throw PostgresSourceError(.connectionFailed, message: "out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.oneLine(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw PostgresSourceError(.connectionFailed, message: ConnectionStringRedaction.scrub(message, secrets: secrets))
        }
        handle = connection
    }

    deinit { PQfinish(handle) }

    private static func connect(_ parameters: [(String, String)]) -> OpaquePointer? {
        let keywords = parameters.map { strdup($0.0) }
        let values = parameters.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordList: [UnsafePointer<CChar>?] = keywords.map { UnsafePointer($0) } + [nil]
        let valueList: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        return PQconnectdbParams(keywordList, valueList, 1)
    }

    /// The password libpq itself reads from the string; throws libpq's parse error, scrubbed.
    private static func parsedPasswords(_ text: String, secrets: [String]) throws(PostgresSourceError) -> [String] {
        if ConnectionStringRedaction.hasUnencodedSeparatorInUserinfo(text) {
            throw PostgresSourceError(.invalidConnectionString, message:
                "the connection URI has an '@' or '/' in its user name or password: percent-encode them (%40, %2F); the URI is not shown")
        }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(text, &error) else {
            let message = error.map { String(cString: $0) } ?? "cannot parse"
            PQfreemem(error)
            throw PostgresSourceError(.invalidConnectionString,
                                      message: ConnectionStringRedaction.scrub(oneLine(message), secrets: secrets))
        }
        defer { PQconninfoFree(options) }
        var passwords: [String] = []
        var option = options
        while let keyword = option.pointee.keyword {
            let name = String(cString: keyword)
            if let value = option.pointee.val.map({ String(cString: $0) }) {
                if name == "password" { passwords.append(value) }
                // libpq finds a bad number only when connecting, and calls it a connection failure.
                if name == "port" || name == "connect_timeout",
                   !value.split(separator: ",", omittingEmptySubsequences: false).allSatisfy({ $0.isEmpty || $0.allSatisfy { ("0"..."9").contains($0) } }) {
                    throw PostgresSourceError(.invalidConnectionString, message: "\(name) '\(value)' is not a number")
                }
            }
            option += 1
        }
        return passwords
    }

    /// `user@host:port/database`, for messages: never the password.
    var target: String {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        let host = text(PQhost(handle))
        return "\(text(PQuser(handle)))@\(host.isEmpty ? "localhost" : host):\(text(PQport(handle)))/\(text(PQdb(handle)))"
    }

    /// `host:port/database`: which database the session is on, whoever logged in.
    var database: String {
        func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        let host = text(PQhost(handle))
        return "\(host.isEmpty ? "localhost" : host):\(text(PQport(handle)))/\(text(PQdb(handle)))"
    }

    /// Runs statements that return no rows (`BEGIN`, `SET LOCAL` …), several at once if need be.
    func execute(_ sql: String) throws(PostgresSourceError) {
        lastQuery = sql
        positionOffset = 0
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result, rowsRead: nil) }
    }

    /// The rows of one statement with `$1`, `$2` … bound to `parameters` (text; nil is NULL),
    /// each column as text (nil for NULL).
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresSourceError) -> [[String?]] {
        lastQuery = sql
        positionOffset = 0
        let texts: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { for text in texts { free(text) } }
        let values: [UnsafePointer<CChar>?] = texts.map { $0.map { UnsafePointer($0) } }
        let result = PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else { throw error(result, rowsRead: nil) }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// The first column of a statement's first row; nil when it has no row or the value is NULL.
    func value(_ sql: String, _ parameters: [String?] = []) throws(PostgresSourceError) -> String? {
        try query(sql, parameters).first?.first ?? nil
    }

    /// The result columns of `query`, from preparing it: the query is parsed and planned,
    /// never run.
    func describe(_ query: String) throws(PostgresSourceError) -> [Column] {
        lastQuery = query
        positionOffset = 0
        let prepared = PQprepare(handle, "", query, 0, nil)
        defer { PQclear(prepared) }
        guard PQresultStatus(prepared) == PGRES_COMMAND_OK else { throw error(prepared, rowsRead: nil) }
        let description = PQdescribePrepared(handle, "")
        defer { PQclear(description) }
        guard PQresultStatus(description) == PGRES_COMMAND_OK else { throw error(description, rowsRead: nil) }
        return (0..<PQnfields(description)).map { index in
            Column(name: String(cString: PQfname(description, index)), type: PostgresType(oid: PQftype(description, index)))
        }
    }

    /// Sends `COPY (query) TO STDOUT`; rows then come from `nextCopyRow`.
    func startCopy(of query: String) throws(PostgresSourceError) {
        let prefix = "COPY (\n"
        lastQuery = query
        positionOffset = prefix.count
        let result = PQexec(handle, prefix + query + "\n) TO STDOUT")
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_OUT else { throw error(result, rowsRead: 0) }
    }

    /// Hands the next COPY row (text format, with its line end) to `body`; nil after the last
    /// row, once the server has confirmed the COPY finished.
    func nextCopyRow<T>(rowsRead: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T? {
        var buffer: UnsafeMutablePointer<CChar>?
        let length = PQgetCopyData(handle, &buffer, 0)
        if length > 0, let buffer {
            defer { PQfreemem(buffer) }
            copyBytesReceived += Int(length)
            return try buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
                try body(UnsafeBufferPointer(start: bytes, count: Int(length)))
            }
        }
        // -1: the COPY ended, its outcome is in the next result; -2: the connection failed.
        var failure: PostgresSourceError?
        while let result = PQgetResult(handle) {
            if failure == nil, PQresultStatus(result) != PGRES_COMMAND_OK { failure = error(result, rowsRead: rowsRead) }
            PQclear(result)
        }
        if let failure { throw failure }
        if length == -2 || PQstatus(handle) != CONNECTION_OK { throw error(nil, rowsRead: rowsRead) }
        return nil
    }

    /// A handle that can ask the server to cancel what this connection is running, from any thread.
    func makeCanceller() -> PostgresCanceller? {
        PQgetCancel(handle).map(PostgresCanceller.init)
    }

    /// The error a failed result (or, without one, the connection) reports.
    /// `rowsRead` is non-nil while streaming rows: a broken connection then is a lost one.
    private func error(_ result: OpaquePointer?, rowsRead: Int?) -> PostgresSourceError {
        func field(_ code: UInt8) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field(UInt8(ascii: "C"))
        var message: String
        if let primary = field(UInt8(ascii: "M")) {
            message = primary
            if let position = field(UInt8(ascii: "P")).flatMap(Int.init), position > positionOffset {
                message += " (\(location(ofCharacter: position - positionOffset)))"
            }
            if let detail = field(UInt8(ascii: "D")) { message += "; \(detail)" }
            if let hint = field(UInt8(ascii: "H")) { message += "; hint: \(hint)" }
            if sqlState == "25006" { message += "; attentive-sync runs queries read-only: a mapping's query may not write" }
        } else {
            let text = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
            message = text.isEmpty ? String(cString: PQerrorMessage(handle)) : text
        }
        message = ConnectionStringRedaction.scrub(Self.oneLine(message), secrets: secrets)
        let broken = PQstatus(handle) != CONNECTION_OK || sqlState.map { $0.hasPrefix("57P") || $0.hasPrefix("08") } ?? false
        if broken, let rowsRead {
            return PostgresSourceError(.connectionLost(rowsRead: rowsRead), message: message, sqlState: sqlState)
        }
        if broken && sqlState == nil {
            return PostgresSourceError(.connectionFailed, message: message)
        }
        return PostgresSourceError(.queryFailed, message: message, sqlState: sqlState, queryOrigin: queryOrigin)
    }

    /// `line L, column C` of a 1-based character position in the last query.
    private func location(ofCharacter position: Int) -> String {
        var line = 1, column = 1, index = 1
        for scalar in lastQuery.unicodeScalars {
            if index == position { break }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        return "line \(line), column \(column)"
    }

    /// libpq's multi-line messages (`…failed: Connection refused\n\tIs the server running…`) as one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
            .replacingOccurrences(of: "FATAL:  ", with: "")
            .replacingOccurrences(of: "ERROR:  ", with: "")
    }
}
