/// One step of a source: a row of fields, or a row the connector could not read.
public enum SourceRow: Sendable, Equatable {
    /// A row with one field per column, in the order of `RowSource.columns`.
    /// `line` is the 1-based line (CSV) or row number (query) where the row starts.
    case row(line: Int, fields: [String])
    /// A row that cannot be used (wrong field count, invalid UTF-8 …); the run goes on.
    case rejected(line: Int, reason: String)
}

/// A stream of rows from a customer export: a CSV file, a PostgreSQL query.
///
/// Sources are read once, front to back, and hold at most a bounded buffer in memory.
/// Opening one reads no rows (a CSV header is read, a query is prepared, not run), so
/// `columns` can be checked against a mapping before any work. `next()` throws only when
/// the source as a whole is unreadable; a single bad row comes back as `.rejected` and the
/// stream goes on. Reads may block (a query waits on its server): call them from a thread
/// that may block, not from Swift's cooperative pool.
public protocol RowSource: AnyObject {
    /// Column names in source order, matched exactly (case and spaces kept).
    var columns: [String] { get }
    /// A human name for messages: the file path, `stdin`, or the query's origin.
    var description: String { get }
    /// The columns whose fields are needed, by position: the others may come back empty,
    /// unconverted. Set before the first `next()`; nil (the default) asks for every field.
    var neededColumns: [Bool]? { get set }
    /// The next row, or nil at the end.
    func next() throws -> SourceRow?
    /// Appends rows to `batch` until it holds `count` rows or is full, or the source ends: at
    /// the end it appends none. A source that reads bytes appends them without making strings.
    func read(into batch: inout RowBatch, upTo count: Int) throws
}

extension RowSource {
    public func read(into batch: inout RowBatch, upTo count: Int) throws {
        while batch.count < count, !batch.isFull, let row = try next() { batch.append(row) }
    }
}
