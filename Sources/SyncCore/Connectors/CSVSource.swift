/// Rows from a CSV file (RFC 4180), plain or gzip-compressed, or from stdin (`-`).
///
/// The file is streamed through a fixed buffer, so memory stays bounded whatever its
/// size. A row with the wrong number of fields, invalid UTF-8 or an unterminated quote
/// comes back as `.rejected` with its line and a reason that holds no row data; the
/// stream goes on after it.
public final class CSVSource: RowSource {
    /// How the file is laid out.
    public struct Options: Sendable {
        /// The one-byte field separator: `,` by default; `;`, tab and `|` are common.
        public var delimiter: UInt8
        /// Whether the first row names the columns. Without one, columns are named
        /// `1`, `2`, … by position, as many as the first row has fields.
        public var header: Bool

        public init(delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true) {
            self.delimiter = delimiter
            self.header = header
        }
    }

    private static let chunkSize = 256 * 1024
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    public let columns: [String]
    public let description: String

    private let reader: GzipFileReader
    private var scanner: CSVRowScanner
    private let chunk: UnsafeMutableBufferPointer<UInt8>
    private var chunkCount: Int
    private var position: Int
    private var atEnd: Bool
    /// The first row, read early to count the columns when there is no header.
    private var pending: SourceRow?

    /// Opens `path` (`-` for stdin) and reads the header row.
    /// Throws `CSVSourceError` when the file cannot be opened or read, or is empty.
    public init(path: String, options: Options = .init()) throws {
        let reader = try GzipFileReader(path: path, bufferSize: Self.chunkSize)
        var scanner = CSVRowScanner(delimiter: options.delimiter)
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.chunkSize)
        var count = 0, position = 0, atEnd = false

        let first: SourceRow?
        let fieldCount: Int
        do {
            try Self.fill(reader, chunk, count: &count, atEnd: &atEnd)
            if count >= 3, chunk.prefix(3).elementsEqual(Self.bom) { position = 3 }
            if try Self.scan(reader, &scanner, chunk, &count, &position, &atEnd) {
                fieldCount = scanner.fieldEnds.count
                first = Self.row(of: scanner, expecting: fieldCount)
            } else {
                fieldCount = 0
                first = nil
            }
        } catch {
            chunk.deallocate()
            throw error
        }

        switch (first, options.header) {
        case (nil, _):
            chunk.deallocate()
            throw CSVSourceError.empty(reader.name)
        case (.rejected(_, let reason)?, true):
            chunk.deallocate()
            throw CSVSourceError.badHeader(reader.name, reason: reason)
        case (.row(_, let names)?, true):
            columns = names
            pending = nil
        case (let row?, false):
            columns = (1...fieldCount).map(String.init)
            pending = row
        }
        self.reader = reader
        self.scanner = scanner
        self.chunk = chunk
        self.chunkCount = count
        self.position = position
        self.atEnd = atEnd
        description = reader.name
    }

    deinit {
        chunk.deallocate()
    }

    public func next() throws -> SourceRow? {
        if let row = pending {
            pending = nil
            return row
        }
        guard try Self.scan(reader, &scanner, chunk, &chunkCount, &position, &atEnd) else { return nil }
        return Self.row(of: scanner, expecting: columns.count)
    }

    /// The scanner's current row, or why it cannot be used.
    private static func row(of scanner: CSVRowScanner, expecting columnCount: Int) -> SourceRow {
        let line = scanner.rowLine
        if let problem = scanner.problem {
            return .rejected(line: line, reason: reason(for: problem))
        }
        let found = scanner.fieldEnds.count
        guard found == columnCount else {
            return .rejected(line: line, reason: "expected \(columnCount) fields, found \(found)")
        }
        guard let fields = strings(of: scanner) else {
            return .rejected(line: line, reason: "invalid UTF-8")
        }
        return .row(line: line, fields: fields)
    }

    /// Advances `scanner` to its next row, reading more input as needed; false at the end.
    private static func scan(
        _ reader: GzipFileReader,
        _ scanner: inout CSVRowScanner,
        _ chunk: UnsafeMutableBufferPointer<UInt8>,
        _ count: inout Int,
        _ position: inout Int,
        _ atEnd: inout Bool
    ) throws(CSVSourceError) -> Bool {
        while true {
            let input = UnsafeBufferPointer(rebasing: chunk[0..<count])
            if scanner.scanRow(input, position: &position) { return true }
            if atEnd { return scanner.finish() }
            try fill(reader, chunk, count: &count, atEnd: &atEnd)
            position = 0
        }
    }

    private static func fill(
        _ reader: GzipFileReader,
        _ chunk: UnsafeMutableBufferPointer<UInt8>,
        count: inout Int,
        atEnd: inout Bool
    ) throws(CSVSourceError) {
        count = try reader.read(into: UnsafeMutableRawBufferPointer(chunk))
        if count == 0 { atEnd = true }
    }

    /// The scanner's current row as strings, or nil when a field is not valid UTF-8.
    private static func strings(of scanner: CSVRowScanner) -> [String]? {
        scanner.bytes.withUnsafeBufferPointer { bytes -> [String]? in
            var fields: [String] = []
            fields.reserveCapacity(scanner.fieldEnds.count)
            var start = 0
            for end in scanner.fieldEnds {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                guard let field = String(validating: slice, as: UTF8.self) else { return nil }
                fields.append(field)
                start = end
            }
            return fields
        }
    }

    private static func reason(for problem: CSVRowScanner.Problem) -> String {
        switch problem {
        case .unterminatedQuote: return "unterminated quoted field"
        case .textAfterClosingQuote: return "text after a closing quote"
        case .rowTooLong: return "row longer than 16 MiB"
        }
    }
}
