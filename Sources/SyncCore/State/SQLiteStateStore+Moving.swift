/// Moving a state in or out of the file (`StateTable`).
extension SQLiteStateStore {
    public func exportRows(_ body: (StateTable, [StateValue]) throws -> Void) throws {
        try withDatabase { db in
            try db.transaction {
                for table in StateTable.allCases {
                    let columns = table.columns
                    let statement = try db.prepare(table.select(insertionOrder: "rowid"))
                    try statement.bind()
                    while try statement.step() {
                        try body(table, columns.indices.map { index in
                            let column = Int32(index)
                            if statement.isNull(column) { return .null }
                            return columns[index].integer ? .integer(statement.int64(column)) : .text(statement.text(column) ?? "")
                        })
                    }
                }
            }
        }
    }

    public func importRows(_ body: (_ insert: (StateTable, [[StateValue]]) throws -> Void) throws -> Void) throws {
        try withDatabase { db in
            try db.transaction {
                for table in StateTable.allCases {
                    let any = try db.prepare("SELECT EXISTS (SELECT 1 FROM \(table.rawValue))")
                    if try any.step(), any.int64(0) != 0 { throw StateTable.notEmpty(path, table) }
                    any.reset()
                }
                try body { table, rows in
                    let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                    let insert = try db.prepare("INSERT INTO \(table.rawValue) (\(table.columnList)) VALUES (\(placeholders))")
                    for row in rows {
                        try insert.bind(row: row)
                        while try insert.step() {}
                    }
                }
            }
        }
    }
}

extension StateValue: SQLiteValue {
    func bind(to statement: OpaquePointer?, at index: Int32) -> Int32 {
        switch self {
        case .text(let text): text.bind(to: statement, at: index)
        case .integer(let number): number.bind(to: statement, at: index)
        case .null: String?.none.bind(to: statement, at: index)
        }
    }
}
