/// One insert statement run for a group of rows at a time (`INSERT … VALUES (…), (…), …`):
/// a statement's fixed cost (reset, bindings cleared, its program started and stepped) is paid
/// once per group instead of once per row. Rows are sent in the order added.
struct SQLiteGroupedInsert<Row> {
    /// Rows per statement.
    static var groupSize: Int { 64 }

    private let insert: String
    private let placeholders: String
    private let onConflict: String
    private let columns: Int32
    /// The statement for a whole group, written once.
    private var groupStatement = ""
    /// Binds a row's values from the parameter after the given one (`SQLiteStatement.bind(after:_:)`).
    private let bind: (SQLiteStatement, Int32, Row) throws -> Void
    private var pending: [Row] = []

    /// `insert` up to its column list (`INSERT INTO t (a, b)`), `onConflict` what follows the
    /// values (an upsert clause, or nothing).
    init(_ insert: String, columns: Int, onConflict: String = "", bind: @escaping (SQLiteStatement, Int32, Row) throws -> Void) {
        self.insert = insert
        self.onConflict = onConflict
        self.columns = Int32(columns)
        placeholders = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        self.bind = bind
        pending.reserveCapacity(Self.groupSize)
        groupStatement = sql(rows: Self.groupSize)
    }

    /// The statement that inserts `rows` rows.
    private func sql(rows: Int) -> String {
        "\(insert) VALUES \(Array(repeating: placeholders, count: rows).joined(separator: ", ")) \(onConflict)"
    }

    mutating func add(_ row: Row, to database: SQLiteDatabase) throws {
        pending.append(row)
        if pending.count == Self.groupSize { try flush(to: database) }
    }

    /// Runs the rows added and not yet sent. Call before anything that must come after them.
    mutating func flush(to database: SQLiteDatabase) throws {
        guard !pending.isEmpty else { return }
        let statement = try database.prepare(pending.count == Self.groupSize ? groupStatement : sql(rows: pending.count))
        statement.clearBindings()
        for (index, row) in pending.enumerated() { try bind(statement, Int32(index) * columns, row) }
        while try statement.step() {}
        pending.removeAll(keepingCapacity: true)
    }
}
