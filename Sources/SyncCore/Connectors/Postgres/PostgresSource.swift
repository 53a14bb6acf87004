import Foundation

/// Rows of a PostgreSQL query, streamed with `COPY (query) TO STDOUT` inside a read-only
/// transaction.
///
/// Opening the source connects, starts the transaction and prepares the query to learn its
/// columns — the query does not run until the first `next()`, so `validate` and a missing
/// mapped column cost nothing on the server. Rows then stream through libpq one at a time:
/// memory stays flat whatever the row count. `line` is the 1-based row number.
///
/// Every call blocks on the server: read it from a thread of its own (`BlockingThread`).
/// `cancellation` interrupts a running query with `PQcancel`.
public final class PostgresSource: RowSource {
    public let columns: [String]
    public let description: String

    private enum Phase {
        case prepared, streaming, finished
    }

    private let connection: PostgresConnection
    private let query: String
    private let described: [PostgresConnection.Column]
    private let cancellation: SourceCancellation
    private var cells: PostgresCellText
    /// The diff's mapping and the statement streamed, when the database diffs (`diffInDatabase`).
    private var diff: (mapping: Mapping, utf8: Bool, statement: String)?
    public private(set) var prefilter: Prefilter?

    public var neededColumns: [Bool]? {
        get { diff == nil ? cells.needed : cells.needed.map { Array($0.dropFirst(Self.diffColumns)) } }
        set { cells.needed = diff == nil ? newValue : newValue.map { Array(repeating: true, count: Self.diffColumns) + $0 } }
    }
    private var phase = Phase.prepared
    private var rowsRead = 0

    /// Settings for the transaction: nothing can be written, every statement sees one snapshot,
    /// and values print in the forms `PostgresType` expects.
    static let transactionSetup = """
        BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY;
        SET LOCAL TimeZone TO 'UTC';
        SET LOCAL DateStyle TO 'ISO, YMD';
        SET LOCAL extra_float_digits TO 1;
        SET LOCAL standard_conforming_strings TO on
        """

    /// Connects, begins the read-only transaction and prepares the query, its `$1` made the
    /// literal `parameter` (an events mapping's watermark) when `binding`.
    /// - Throws: `PostgresSourceError` (connection, authentication, syntax …),
    ///   `ConfigurationError` when `{"env": NAME}` names an unset variable,
    ///   `SourceCanceledError` when cancelled meanwhile.
    public init(
        configuration: PostgresSourceConfiguration,
        cancellation: SourceCancellation = SourceCancellation(),
        binding parameter: String?? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let connectionString = try configuration.connectionString(environment: environment)
        let connection = try PostgresConnection(connectionString: connectionString)
        let origin = configuration.queryFile.map { ($0 as NSString).lastPathComponent }
        connection.queryOrigin = origin ?? "query"
        description = "postgres://\(connection.target)" + (origin.map { " (\($0))" } ?? "")
        if let canceller = connection.makeCanceller() {
            cancellation.onCancel { canceller.cancel() }
        }
        self.connection = connection
        self.cancellation = cancellation
        let statement = PostgresQueryText.statement(configuration.query)
        query = parameter.map { PostgresQueryText.binding(statement, first: $0) } ?? statement
        do {
            try cancellation.check(description)
            try connection.execute(Self.transactionSetup)
            let described = try connection.describe(query)
            try cancellation.check(description)
            columns = described.map(\.name)
            self.described = described
            cells = PostgresCellText(types: described.map(\.type))
        } catch {
            cancellation.clearHandler()
            throw error
        }
    }

    deinit { cancellation.clearHandler() }

    public func next() throws -> SourceRow? {
        do {
            switch phase {
            case .finished:
                return nil
            case .prepared:
                try cancellation.check(description)
                try connection.startCopy(of: diff?.statement ?? query)
                phase = .streaming
            case .streaming:
                break
            }
            while true {
                guard let row = try connection.nextCopyRow(rowsRead: rowsRead, { cells.cells(ofCopyRow: $0) }) else {
                    phase = .finished
                    // The diff's transaction stays open for `lines(of:)`, on the same snapshot.
                    if diff == nil { try connection.execute("COMMIT") }
                    return nil
                }
                if diff != nil {
                    // What the diff says of the rows left out is taken in; the next row is read.
                    if let read = try diffRow(row) { return read }
                    continue
                }
                rowsRead += 1
                guard let fields = row else {
                    return .rejected(line: rowsRead, reason: "expected \(columns.count) fields from the server")
                }
                return .row(line: rowsRead, fields: fields)
            }
        } catch {
            phase = .finished
            if cancellation.isCancelled { throw SourceCanceledError(source: description) }
            throw error
        }
    }

    // MARK: The diff inside the database

    /// Bytes of row text the server sent so far.
    public var bytesReceived: Int { connection.copyBytesReceived }

    /// `host:port/database` of the source's session.
    public var database: String { connection.database }

    /// The kind, line and digest columns before the source's own in the diff's rows.
    private static let diffColumns = 3

    /// Streams only the rows the state's digests (in `stateSchema`, on this database) do not
    /// account for (`PostgresDiffQuery`). Call before the first row.
    public func diffInDatabase(stateSchema: String, mapping: Mapping) throws {
        let needed = neededColumns
        let utf8 = try connection.value("SHOW server_encoding") == "UTF8"
        // Compiling the statement's expressions costs more than it saves (a second per million rows).
        _ = try connection.value("SELECT set_config('jit', 'off', true) WHERE current_setting('jit', true) IS NOT NULL")
        diff = (mapping, utf8, PostgresDiffQuery.sql(query, columns: described, mapping: mapping, utf8: utf8, stateSchema: stateSchema))
        cells = PostgresCellText(types: [.other(oid: 25), .other(oid: 20), .other(oid: 25)] + described.map(\.type))
        neededColumns = needed
        prefilter = Prefilter()
    }

    /// A row of the diff: a source row to read, or what it says of the rows left out.
    private func diffRow(_ cells: [String]?) throws -> SourceRow? {
        guard let cells else {
            throw PostgresSourceError(.queryFailed, message: "the diff sent a row of the wrong width", queryOrigin: connection.queryOrigin)
        }
        switch cells[0] {
        case "r":
            guard let line = Int(cells[1]) else { break }
            rowsRead += 1
            prefilter?.rowsSent += 1
            return .row(line: line, fields: Array(cells.dropFirst(Self.diffColumns)))
        case "g":
            guard let digest = RowDigest(hex: cells[2]) else { break }
            prefilter?.unmatched.insert(digest)
            return nil
        case "m", "x":
            guard let packed = Data(base64Encoded: cells[2]) else { break }
            if cells[0] == "m" { prefilter?.packedRows += packed } else { prefilter?.packedRejections += packed }
            return nil
        case "t":
            guard let count = Int(cells[1]) else { break }
            prefilter?.rowCount = count
            return nil
        default:
            break
        }
        throw PostgresSourceError(.queryFailed, message: "the diff's row of kind '\(cells[0])' could not be read", queryOrigin: connection.queryOrigin)
    }
}

extension PostgresSource: PrefilteredSource {
    public func lines(of digests: [RowDigest]) throws -> [RowDigest: Int] {
        guard let diff, !digests.isEmpty else { return [:] }
        let sql = PostgresDiffQuery.linesSQL(query, columns: described, mapping: diff.mapping, utf8: diff.utf8, digests: digests.map(\.hex))
        var lines: [RowDigest: Int] = [:]
        for row in try connection.query(sql) {
            if let line = row[0].flatMap({ Int($0) }), let digest = row[1].flatMap(RowDigest.init(hex:)) { lines[digest] = line }
        }
        return lines
    }
}
