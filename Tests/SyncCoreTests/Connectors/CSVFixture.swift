import CZlib
import Foundation
import Testing
@testable import SyncCore

/// A temporary directory of CSV files for one test, removed when the fixture goes away.
final class CSVFixture {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("csv-source-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `bytes` to `name` and returns the path.
    func write(_ bytes: [UInt8], to name: String = "rows.csv") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func write(_ text: String, to name: String = "rows.csv") throws -> String {
        try write(Array(text.utf8), to: name)
    }

    /// Writes `text` gzip-compressed through zlib and returns the path.
    func writeGzip(_ text: String, to name: String = "rows.csv.gz") throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard let file = gzopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        guard gzclose(file) == Z_OK, written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    /// Everything `source` yields after its header.
    static func drain(_ source: CSVSource) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try source.next() { rows.append(row) }
        return rows
    }

    /// Everything `source` yields after its header, read in batches of `size` rows.
    static func drainInBatches(_ source: some RowSource, size: Int) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while true {
            var batch = RowBatch(columnCount: source.columns.count)
            try source.read(into: &batch, upTo: size)
            if batch.isEmpty { return rows }
            #expect(batch.count <= size)
            rows += batch.sourceRows
        }
    }

    /// Opens `text` as a file and reads it through, row by row; reading it in batches of bytes
    /// must give the same rows.
    func read(
        _ text: String, options: CSVSource.Options = .init()
    ) throws -> (columns: [String], rows: [SourceRow]) {
        try read(bytes: Array(text.utf8), options: options)
    }

    func read(
        bytes: [UInt8], options: CSVSource.Options = .init()
    ) throws -> (columns: [String], rows: [SourceRow]) {
        let path = try write(bytes)
        let source = try CSVSource(path: path, options: options)
        let rows = try Self.drain(source)
        #expect(try Self.drainInBatches(CSVSource(path: path, options: options), size: 2) == rows)
        return (source.columns, rows)
    }
}

extension RowBatch {
    /// The batch's rows as the row-by-row reading gives them.
    var sourceRows: [SourceRow] {
        rows.map { row in
            switch row {
            case .fields(let line, let firstField): .row(line: line, fields: fields(firstField))
            case .rejected(let line, let reason): .rejected(line: line, reason: reason)
            }
        }
    }
}
