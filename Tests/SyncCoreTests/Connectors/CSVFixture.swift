import CZlib
import Foundation
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

    /// Opens `text` as a file and reads it through.
    func read(
        _ text: String, options: CSVSource.Options = .init()
    ) throws -> (columns: [String], rows: [SourceRow]) {
        try read(bytes: Array(text.utf8), options: options)
    }

    func read(
        bytes: [UInt8], options: CSVSource.Options = .init()
    ) throws -> (columns: [String], rows: [SourceRow]) {
        let source = try CSVSource(path: write(bytes), options: options)
        return (source.columns, try Self.drain(source))
    }
}
