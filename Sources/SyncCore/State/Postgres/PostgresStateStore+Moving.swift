/// Moving a state in or out of the schema (`StateTable`).
extension PostgresStateStore {
    public func exportRows(_ body: (StateTable, [StateValue]) throws -> Void) throws {
        try readingSnapshot {
            for table in StateTable.allCases {
                let columns = table.columns
                let rows = try withConnection { connection in try connection.query(table.select(insertionOrder: "id")) }
                for row in rows {
                    try body(table, columns.indices.map { index in
                        guard let text = row[index] else { return .null }
                        return columns[index].integer ? .integer(Int64(text) ?? 0) : .text(text)
                    })
                }
            }
        }
    }

    public func importRows(_ body: (_ insert: (StateTable, [[StateValue]]) throws -> Void) throws -> Void) throws {
        try transaction { connection in
            for table in StateTable.allCases where try connection.value("SELECT EXISTS (SELECT 1 FROM \(table.rawValue))") == "t" {
                throw StateTable.notEmpty(path, table)
            }
            try body { table, rows in
                let columns = table.columns
                let arrays = columns.indices.map { index in
                    let values = rows.map { row -> String? in
                        switch row[index] {
                        case .text(let text): text
                        case .integer(let number): String(number)
                        case .null: nil
                        }
                    }
                    return PostgresArrayText.texts(values)
                }
                let unnest = columns.indices.map { "$\($0 + 1)::\(columns[$0].integer ? "bigint" : "text")[]" }.joined(separator: ", ")
                // In the order given: a table without a key keeps it by its identity (failures).
                try connection.query("""
                    INSERT INTO \(table.rawValue) (\(table.columnList)) SELECT \(table.columnList)
                    FROM unnest(\(unnest)) WITH ORDINALITY AS u (\(table.columnList), "position in import") ORDER BY "position in import"
                    """, arrays)
            }
            // New ids continue after the imported ones.
            for table in ["intents", "runs", "bulk_submissions", "failures"] {
                try connection.query("SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM \(table) HAVING max(id) IS NOT NULL",
                                     [PostgresStateSchema.quoted(schema) + "." + table])
            }
        }
    }
}
