/// Rows read together, as bytes: every field of every row back to back in one buffer, so an
/// unchanged row is digested and looked up without a `String` made for any of its cells.
///
/// A field of a column the reader does not need may be left empty.
public struct RowBatch: Sendable {
    /// A row's line and where its fields are, or why it cannot be used.
    enum Row: Sendable {
        /// Fields `firstField ..< firstField + columnCount` of `fieldEnds`.
        case fields(line: Int, firstField: Int)
        case rejected(line: Int, reason: String)
    }

    public let columnCount: Int
    private(set) var rows: [Row] = []
    private(set) var bytes: [UInt8] = []
    /// Where each field ends in `bytes`; a field starts where the one before it ends.
    private(set) var fieldEnds: [Int] = []

    /// A batch stops taking rows once it holds this many bytes, whatever its row count.
    static let byteCapacity = 16 << 20

    public init(columnCount: Int) {
        self.columnCount = columnCount
    }

    /// Empties the batch, keeping its storage for the rows read next.
    mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }
    var isFull: Bool { bytes.count >= Self.byteCapacity }

    /// Appends a row whose fields lie back to back in `row`, ending at `ends`; a column not
    /// `needed` is left empty.
    mutating func append(line: Int, fieldsOf row: UnsafeBufferPointer<UInt8>, endingAt ends: [Int], needed: [Bool]?) {
        precondition(ends.count == columnCount, "a row has one field per column")
        rows.append(.fields(line: line, firstField: fieldEnds.count))
        guard let needed else {
            bytes.append(contentsOf: row)
            let offset = bytes.count - row.count
            fieldEnds.append(contentsOf: ends.lazy.map { $0 + offset })
            return
        }
        // Fields of needed columns side by side are copied together.
        var start = 0, runStart = 0, offset = bytes.count
        for (column, end) in ends.enumerated() {
            if !needed[column] {
                if runStart < start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: row[runStart..<start])) }
                offset -= end - start
                runStart = end
            }
            fieldEnds.append(end + offset)
            start = end
        }
        if runStart < start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: row[runStart..<start])) }
    }

    public mutating func append(_ row: SourceRow) {
        switch row {
        case .rejected(let line, let reason):
            rows.append(.rejected(line: line, reason: reason))
        case .row(let line, let fields):
            precondition(fields.count == columnCount, "a row has one field per column")
            rows.append(.fields(line: line, firstField: fieldEnds.count))
            for field in fields {
                bytes.append(contentsOf: field.utf8)
                fieldEnds.append(bytes.count)
            }
        }
    }

    /// Where field `column` of the row whose first field is `firstField` lies in `bytes`.
    func range(_ firstField: Int, _ column: Int) -> Range<Int> {
        let index = firstField + column
        return (index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]
    }

    /// Calls `body` with field `column` of the row whose first field is `firstField`.
    func withField<T>(_ firstField: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range(firstField, column)])) }
    }

    /// The fields of the row whose first field is `firstField`, as strings.
    func fields(_ firstField: Int) -> [String] {
        (0..<columnCount).map { column in withField(firstField, column) { String(decoding: $0, as: UTF8.self) } }
    }

    /// The same fields in one array (`ByteWriter` text, one after another): a row kept for
    /// later costs one allocation, not one per field. `unpack` gives the strings back.
    func packedFields(_ firstField: Int) -> [UInt8] {
        var packed = ByteWriter()
        packed.bytes.reserveCapacity(range(firstField, 0).lowerBound.distance(to: fieldEnds[firstField + columnCount - 1]) + columnCount)
        for column in 0..<columnCount { withField(firstField, column) { packed.text($0) } }
        return packed.bytes
    }

    static func unpack(_ packed: [UInt8]) -> [String] {
        packed.withUnsafeBytes { bytes in
            var reader = ByteReader(bytes: bytes)
            var fields: [String] = []
            while !reader.atEnd { fields.append(reader.text()) }
            return fields
        }
    }
}
