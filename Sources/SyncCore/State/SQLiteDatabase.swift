import CSQLite
import Foundation

/// An error from SQLite, with the statement's purpose but never its bound values.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    /// The database file.
    public var path: String

    public var description: String {
        let advice = code == SQLITE_NOTADB || code == SQLITE_CORRUPT
            ? ": it is not an attentive-sync state (or is damaged); move it aside and record a baseline, or point --state at the right file"
            : ""
        return "state file \(path): \(message) (SQLite code \(code))\(advice)"
    }
}

/// A minimal handle on one SQLite database file, used from one task at a time.
///
/// `@unchecked Sendable`: the handle is owned by `SQLiteStateStore`, which serializes every use.
final class SQLiteDatabase: @unchecked Sendable {
    private var handle: OpaquePointer?

    private let path: String
    private var statements: [String: SQLiteStatement] = [:]
    /// Statements `prepare` handed out since `resetStatements()`.
    private var inUse: [SQLiteStatement] = []

    /// Opens (or creates, with mode 0600 in a folder of mode 0700) the database at `path`.
    /// An existing file readable by others is made 0600; a symbolic link is refused.
    init(path: String) throws {
        self.path = path
        try Self.preparePrivateFile(path)
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw SQLiteError(code: status, message: message, path: path)
        }
        sqlite3_busy_timeout(handle, 5_000)
    }

    /// The state file exists, is a regular file and is the owner's alone, before SQLite opens it.
    static func preparePrivateFile(_ path: String) throws(ConfigurationError) {
        guard !path.isEmpty else { throw ConfigurationError("the state path is empty: give a file path with --state") }
        guard !PrivateFiles.isSymbolicLink(path) else {
            throw ConfigurationError("the state file \(path) is a symbolic link, which is refused (it could put customers' data anywhere): give the file's own path")
        }
        try PrivateFiles.createFolder((path as NSString).deletingLastPathComponent)
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EISDIR ? "is a folder: give a file path such as \(path)/state.sqlite" : "cannot be opened: \(String(cString: strerror(errno)))"
            throw ConfigurationError("the state file \(path) \(reason)")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw ConfigurationError("the state file \(path) is not a regular file")
        }
        if status.st_mode & 0o077 != 0, fchmod(descriptor, 0o600) != 0 {
            throw ConfigurationError("the state file \(path) is readable by others (mode \(String(status.st_mode & 0o777, radix: 8))) and cannot be made 0600: \(String(cString: strerror(errno))); change its mode or owner")
        }
    }

    deinit {
        inUse.removeAll()
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &error)
        if status != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "error"
            sqlite3_free(error)
            throw SQLiteError(code: status, message: message, path: path)
        }
    }

    /// The statement for `sql`, prepared once per connection and reset: until `resetStatements()`
    /// (which the store calls after every use of the connection) it may hold a read open.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            inUse.append(cached)
            return cached
        }
        var handle: OpaquePointer?
        let status = sqlite3_prepare_v2(self.handle, sql, -1, &handle, nil)
        guard status == SQLITE_OK, let handle else { throw lastError(status) }
        let statement = SQLiteStatement(statement: handle, database: self)
        statements[sql] = statement
        inUse.append(statement)
        return statement
    }

    /// Resets every statement handed out since the last call, so none holds a read transaction open.
    func resetStatements() {
        for statement in inUse { statement.reset() }
        inUse.removeAll(keepingCapacity: true)
    }

    /// `PRAGMA user_version`: the schema version the file records.
    func userVersion() throws -> Int {
        defer { resetStatements() }
        let statement = try prepare("PRAGMA user_version")
        guard try statement.step() else { return 0 }
        return Int(statement.int64(0))
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// The statements it used are reset first: one still open on a row would keep a read open
    /// past the commit, and the log could not start over at its checkpoint.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            resetStatements()
            try execute("COMMIT")
            return result
        } catch {
            resetStatements()
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows the last statement changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    func lastError(_ status: Int32) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)), path: path)
    }
}

/// A prepared statement; bind, step, read columns, reset.
final class SQLiteStatement {
    private let statement: OpaquePointer
    /// Unowned: the database keeps its prepared statements.
    private unowned let database: SQLiteDatabase

    init(statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    func reset() { sqlite3_reset(statement) }

    /// Binds `values` to the `?` parameters in order (text, integers, nil): a generic pack, no
    /// array and no existential per value.
    @discardableResult
    func bind<each Value: SQLiteValue>(_ values: repeat each Value) throws -> SQLiteStatement {
        sqlite3_reset(statement)
        clearBindings()
        try bind(after: 0, repeat each values)
        return self
    }

    /// Binds `values` to the parameters after the `offset`th, in order; the others stay as they are.
    func bind<each Value: SQLiteValue>(after offset: Int32, _ values: repeat each Value) throws {
        var index = offset, status = SQLITE_OK
        func bindNext(_ value: some SQLiteValue) {
            index += 1
            if status == SQLITE_OK { status = value.bind(to: statement, at: index) }
        }
        repeat bindNext(each values)
        guard status == SQLITE_OK else { throw database.lastError(status) }
    }

    /// Binds a row of values to the `?` parameters in order.
    func bind(row values: [some SQLiteValue]) throws {
        sqlite3_reset(statement)
        for (index, value) in values.enumerated() {
            let status = value.bind(to: statement, at: Int32(index + 1))
            guard status == SQLITE_OK else { throw database.lastError(status) }
        }
    }

    func clearBindings() { sqlite3_clear_bindings(statement) }

    /// Advances to the next row; false when done.
    func step() throws -> Bool {
        let status = sqlite3_step(statement)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.lastError(status)
        }
    }

    /// Runs a statement that returns no rows.
    func run<each Value: SQLiteValue>(_ values: repeat each Value) throws {
        try bind(repeat each values)
        while try step() {}
    }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }

    /// A text column's UTF-8 bytes, valid until the next step or reset.
    func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        let count = Int(sqlite3_column_bytes(statement, column))
        return UnsafeBufferPointer(start: sqlite3_column_text(statement, column), count: count)
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
}

/// SQLite's "copy the bytes now" destructor, which the C macro can't express in Swift.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// What a statement's parameter can be bound to: text or a 64-bit integer (no dynamic casts per value).
protocol SQLiteValue: Sendable {
    func bind(to statement: OpaquePointer?, at index: Int32) -> Int32
}

extension String: SQLiteValue {
    func bind(to statement: OpaquePointer?, at index: Int32) -> Int32 {
        // The bytes in place, with their count: no C string copied out, no length to scan for.
        var text = self
        return text.withUTF8 { bytes in
            guard let start = bytes.baseAddress else { return sqlite3_bind_text(statement, index, "", 0, SQLITE_TRANSIENT) }
            return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text(statement, index, $0, Int32(bytes.count), SQLITE_TRANSIENT)
            }
        }
    }
}

extension Int: SQLiteValue {
    func bind(to statement: OpaquePointer?, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Int64: SQLiteValue {
    func bind(to statement: OpaquePointer?, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, self) }
}

extension Optional: SQLiteValue where Wrapped: SQLiteValue {
    func bind(to statement: OpaquePointer?, at index: Int32) -> Int32 {
        map { $0.bind(to: statement, at: index) } ?? sqlite3_bind_null(statement, index)
    }
}

extension UInt64: SQLiteValue {
    func bind(to statement: OpaquePointer?, at index: Int32) -> Int32 { sqlite3_bind_int64(statement, index, Int64(bitPattern: self)) }
}
