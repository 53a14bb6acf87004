// TEMPORARY: the streaming methods measured against COPY; removed once the choice is made.
import CLibPQ
import Foundation

extension PostgresConnection {
    func startSingleRow(_ query: String) {
        _ = PQsendQuery(handleForMeasurement, query)
        _ = PQsetSingleRowMode(handleForMeasurement)
    }

    func nextSingleRow(_ types: [PostgresType]) -> [String]? {
        guard let result = PQgetResult(handleForMeasurement) else { return nil }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_SINGLE_TUPLE else {
            while let more = PQgetResult(handleForMeasurement) { PQclear(more) }
            return nil
        }
        return Self.cells(result, row: 0, types)
    }

    static func cells(_ result: OpaquePointer, row: Int32, _ types: [PostgresType]) -> [String] {
        var cells: [String] = []
        cells.reserveCapacity(types.count)
        for column in 0..<Int32(types.count) {
            if PQgetisnull(result, row, column) == 1 {
                cells.append("")
                continue
            }
            let value = PQgetvalue(result, row, column)!
            let length = Int(PQgetlength(result, row, column))
            cells.append(value.withMemoryRebound(to: UInt8.self, capacity: length) {
                PostgresCellText.cell(UnsafeBufferPointer(start: $0, count: length), type: types[Int(column)])
            })
        }
        return cells
    }

    func fetch(_ sql: String) -> OpaquePointer? {
        PQexec(handleForMeasurement, sql)
    }
}

/// A cursor fetched in chunks.
final class CursorReader {
    let connection: PostgresConnection
    let types: [PostgresType]
    var result: OpaquePointer?
    var index: Int32 = 0
    var count: Int32 = 0
    var done = false
    let chunk = Int(ProcessInfo.processInfo.environment["ATTENTIVE_SYNC_PG_FETCH"] ?? "") ?? 10000

    init(connection: PostgresConnection, query: String, types: [PostgresType]) throws {
        self.connection = connection
        self.types = types
        try connection.execute("DECLARE attentive_sync_rows NO SCROLL CURSOR FOR \(query)")
    }

    deinit { PQclear(result) }

    func next() -> [String]? {
        if done { return nil }
        if index == count {
            PQclear(result)
            result = connection.fetch("FETCH FORWARD \(chunk) FROM attentive_sync_rows")
            index = 0
            count = PQntuples(result)
            if count == 0 {
                done = true
                return nil
            }
        }
        defer { index += 1 }
        return PostgresConnection.cells(result!, row: index, types)
    }
}
