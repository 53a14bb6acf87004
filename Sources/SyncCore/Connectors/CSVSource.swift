/// Rows from a CSV file (RFC 4180), plain or gzip-compressed, or from stdin (`-`).
///
/// The file is streamed through a fixed buffer, so memory stays bounded whatever its
/// size. A row with the wrong number of fields, bytes that are not UTF-8 or an unterminated quote
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
        /// Anything but UTF-8 is decoded into UTF-8 as it is read.
        public var encoding: TextEncoding

        public init(delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true, encoding: TextEncoding = .utf8) {
            self.delimiter = delimiter
            self.header = header
            self.encoding = encoding
        }
    }

    /// The scanner and where it is in the input, advanced as one value.
    private struct Position {
        var scanner: CSVRowScanner
        var chunk = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var offset = 0
        var atEnd = false
        /// Set for a file that is not UTF-8.
        let decoder: TextEncoding.Decoder?

        init(scanner: CSVRowScanner, encoding: TextEncoding) {
            self.scanner = scanner
            decoder = encoding == .utf8 ? nil : TextEncoding.Decoder(encoding, chunkSize: CSVSource.chunkSize)
        }

        /// Reads the next chunk, as UTF-8.
        mutating func read(_ file: GzipFileReader) throws(CSVSourceError) {
            let read = try file.nextChunk()
            chunk = decoder?.decode(read) ?? read
            offset = 0
            atEnd = chunk.isEmpty
        }

        /// Moves the scanner to its next row, reading on as needed; false at the end.
        mutating func advance(_ file: GzipFileReader) throws(CSVSourceError) -> Bool {
            while true {
                if scanner.scanRow(chunk, position: &offset) { return true }
                if atEnd { return scanner.finish() }
                try read(file)
            }
        }
    }

    static let chunkSize = 256 * 1024
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public let columns: [String]
    public let description: String
    /// Fields of other columns are validated but not turned into strings.
    public var neededColumns: [Bool]?

    private let file: GzipFileReader
    private var position: Position
    /// The first row, read early to count the columns when there is no header.
    private var pending: SourceRow?

    /// Opens `path` (`-` for stdin) and reads the header row.
    /// Throws `CSVSourceError` when the file cannot be opened or read, or is empty.
    public init(path: String, options: Options = .init()) throws {
        file = try GzipFileReader(path: path, chunkSize: Self.chunkSize)
        description = file.name

        var position = Position(scanner: CSVRowScanner(delimiter: options.delimiter), encoding: options.encoding)
        try position.read(file)
        if position.chunk.starts(with: Self.byteOrderMark) { position.offset = Self.byteOrderMark.count }
        guard try position.advance(file) else { throw CSVSourceError.empty(file.name) }

        let fieldCount = position.scanner.fieldEnds.count
        let first = Self.row(of: position.scanner, expecting: fieldCount)
        switch (first, options.header) {
        case (.rejected(_, let reason), true):
            throw CSVSourceError.badHeader(file.name, reason: reason)
        case (.row(_, let names), true):
            columns = names
        case (let row, false):
            columns = (1...fieldCount).map(String.init)
            pending = row
        }
        self.position = position
    }

    public func next() throws -> SourceRow? {
        if let row = pending {
            pending = nil
            return row
        }
        guard try position.advance(file) else { return nil }
        return Self.row(of: position.scanner, expecting: columns.count, needed: neededColumns)
    }

    public func read(into batch: inout RowBatch, upTo count: Int) throws {
        if let row = pending {
            pending = nil
            batch.append(row)
        }
        while batch.count < count, !batch.isFull, try position.advance(file) {
            Self.append(position.scanner, expecting: columns.count, needed: neededColumns, to: &batch)
        }
    }

    /// Appends the scanner's current row, or why it cannot be used.
    private static func append(_ scanner: CSVRowScanner, expecting columnCount: Int, needed: [Bool]?, to batch: inout RowBatch) {
        if let reason = rejection(of: scanner, expecting: columnCount) {
            batch.append(.rejected(line: scanner.rowLine, reason: reason))
        } else {
            scanner.bytes.withUnsafeBufferPointer {
                batch.append(line: scanner.rowLine, fieldsOf: $0, endingAt: scanner.fieldEnds, needed: needed)
            }
        }
    }

    /// The scanner's current row, or why it cannot be used.
    private static func row(of scanner: CSVRowScanner, expecting columnCount: Int, needed: [Bool]? = nil) -> SourceRow {
        if let reason = rejection(of: scanner, expecting: columnCount) {
            return .rejected(line: scanner.rowLine, reason: reason)
        }
        return .row(line: scanner.rowLine, fields: strings(of: scanner, needed: needed))
    }

    /// Why the scanner's current row cannot be used, if it cannot: a problem scanning it, the
    /// wrong number of fields, or a field that is not valid UTF-8.
    private static func rejection(of scanner: CSVRowScanner, expecting columnCount: Int) -> String? {
        if scanner.problem == .unterminatedQuote {
            return "lines \(scanner.rowLine) to the end of the file: a quoted field never closes — an unbalanced quote?"
        }
        if let problem = scanner.problem { return runOn(scanner, reason(for: problem)) }
        let found = scanner.fieldEnds.count
        guard found == columnCount else { return runOn(scanner, "expected \(columnCount) fields, found \(found)") }
        return scanner.bytes.withUnsafeBufferPointer { bytes in
            guard !scanner.isASCII, !UTF8Validation.isASCII(bytes) else { return nil }
            var start = 0
            let valid = scanner.fieldEnds.allSatisfy { end in
                defer { start = end }
                return UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            }
            return valid ? nil : TextEncoding.notUTF8(bytes)
        }
    }

    /// The scanner's current row as strings (empty for a column not `needed`).
    private static func strings(of scanner: CSVRowScanner, needed: [Bool]?) -> [String] {
        scanner.bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            return scanner.fieldEnds.enumerated().map { column, end in
                defer { start = end }
                return needed?[column] ?? true ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) : ""
            }
        }
    }

    /// A row broken by its shape that spans lines runs on from a quote: where it starts and
    /// ends leads to the quote (`lines 30–84: a quoted field runs on for 55 lines…`).
    private static func runOn(_ scanner: CSVRowScanner, _ reason: String) -> String {
        let lines = scanner.rowEndLine - scanner.rowLine + 1
        guard lines > 1 else { return reason }
        return "lines \(scanner.rowLine)–\(scanner.rowEndLine): a quoted field runs on for \(lines) lines — an unbalanced quote? (\(reason))"
    }

    private static func reason(for problem: CSVRowScanner.Problem) -> String {
        switch problem {
        case .unterminatedQuote: return "a quoted field never closes"
        case .textAfterClosingQuote: return "text after a closing quote"
        case .rowTooLong: return "row longer than \(CSVRowScanner.defaultMaxRowBytes >> 20) MiB"
        }
    }
}
