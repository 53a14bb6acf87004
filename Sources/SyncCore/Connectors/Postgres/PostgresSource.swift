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
    private let cancellation: SourceCancellation
    private var cells: PostgresCellText

    public var neededColumns: [Bool]? {
        get { cells.needed }
        set { cells.needed = newValue }
    }
    private var phase = Phase.prepared
    private var rowsRead = 0

    /// Settings for the transaction: nothing can be written, and values print in the forms
    /// `PostgresType` expects.
    static let transactionSetup = """
        BEGIN TRANSACTION READ ONLY;
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
                try connection.startCopy(of: query)
                phase = .streaming
            case .streaming:
                break
            }
            guard let row = try connection.nextCopyRow(rowsRead: rowsRead, { cells.cells(ofCopyRow: $0) }) else {
                phase = .finished
                try connection.execute("COMMIT")
                return nil
            }
            rowsRead += 1
            guard let fields = row else {
                return .rejected(line: rowsRead, reason: "expected \(columns.count) fields from the server")
            }
            return .row(line: rowsRead, fields: fields)
        } catch {
            phase = .finished
            if cancellation.isCancelled { throw SourceCanceledError(source: description) }
            throw error
        }
    }
}
