/// Turns the server's text for a row into cells, one per column, converted by column type
/// (`PostgresType`): NULL is an empty cell.
struct PostgresCellText {
    let types: [PostgresType]
    /// Columns whose cells are converted; the others come back empty (nil: all).
    var needed: [Bool]?
    /// A field's bytes after COPY's backslash escapes are undone.
    private var unescaped: [UInt8] = []

    init(types: [PostgresType]) {
        self.types = types
    }

    /// The cells of one row of `COPY … TO STDOUT` text format (tab-separated, `\N` for NULL,
    /// backslash escapes, a line feed at the end); nil when the field count is not the
    /// column count.
    mutating func cells(ofCopyRow row: UnsafeBufferPointer<UInt8>) -> [String]? {
        var end = row.count
        if end > 0, row[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        var cells: [String] = []
        cells.reserveCapacity(types.count)
        var start = 0, index = 0, escaped = false
        while true {
            if index == end || row[index] == UInt8(ascii: "\t") {
                guard cells.count < types.count else { return nil }
                let field = UnsafeBufferPointer(rebasing: row[start..<index])
                if !(needed?[cells.count] ?? true) {
                    cells.append("")
                } else {
                    cells.append(escaped ? unescapedCell(field, type: types[cells.count]) : Self.cell(field, type: types[cells.count]))
                }
                if index == end { break }
                index += 1
                start = index
                escaped = false
            } else if row[index] == UInt8(ascii: "\\") {
                escaped = true
                index = min(index + 2, end)
            } else {
                index += 1
            }
        }
        return cells.count == types.count ? cells : nil
    }

    private mutating func unescapedCell(_ field: UnsafeBufferPointer<UInt8>, type: PostgresType) -> String {
        if field.count == 2, field[1] == UInt8(ascii: "N") { return "" }
        unescaped.removeAll(keepingCapacity: true)
        var index = 0
        while index < field.count {
            let byte = field[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < field.count else {
                unescaped.append(byte)
                continue
            }
            let escape = field[index]
            index += 1
            switch escape {
            case UInt8(ascii: "b"): unescaped.append(0x08)
            case UInt8(ascii: "f"): unescaped.append(0x0C)
            case UInt8(ascii: "n"): unescaped.append(0x0A)
            case UInt8(ascii: "r"): unescaped.append(0x0D)
            case UInt8(ascii: "t"): unescaped.append(0x09)
            case UInt8(ascii: "v"): unescaped.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(escape - UInt8(ascii: "0"))
                for _ in 0..<2 {
                    guard index < field.count, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(field[index]) else { break }
                    value = value << 3 | UInt32(field[index] - UInt8(ascii: "0"))
                    index += 1
                }
                unescaped.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "x"):
                var value: UInt8 = 0, digits = 0
                while digits < 2, index < field.count, let digit = Self.hexValue(field[index]) {
                    value = value << 4 | digit
                    index += 1
                    digits += 1
                }
                unescaped.append(digits == 0 ? UInt8(ascii: "x") : value)
            default:
                unescaped.append(escape)
            }
        }
        return unescaped.withUnsafeBufferPointer { Self.cell($0, type: type) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// One non-NULL value's cell, from the server's text for it.
    static func cell(_ text: UnsafeBufferPointer<UInt8>, type: PostgresType) -> String {
        switch type {
        case .boolean where text.count == 1:
            if text[0] == UInt8(ascii: "t") { return "true" }
            if text[0] == UInt8(ascii: "f") { return "false" }
        case .timestamp:
            return isoTimestamp(text, zoned: false)
        case .timestampWithTimeZone:
            return isoTimestamp(text, zoned: true)
        default:
            break
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `2026-11-23 08:00:00[.ffffff][+00]` → `2026-11-23T08:00:00[.ffffff]Z`. A zone other
    /// than UTC keeps its offset; `infinity`, BC dates and years past 9999 stay as printed.
    static func isoTimestamp(_ text: UnsafeBufferPointer<UInt8>, zoned: Bool) -> String {
        let count = text.count
        let isBC = count > 3 && text[count - 3] == UInt8(ascii: " ") && text[count - 2] == UInt8(ascii: "B")
        guard count >= 19, !isBC, text[4] == UInt8(ascii: "-"), text[10] == UInt8(ascii: " ") else {
            return String(decoding: text, as: UTF8.self)
        }
        var body = count
        var utc = !zoned
        if zoned, count >= 22, text[count - 3] == UInt8(ascii: "+"), text[count - 2] == UInt8(ascii: "0"),
           text[count - 1] == UInt8(ascii: "0") {
            body = count - 3
            utc = true
        }
        return String(unsafeUninitializedCapacity: body + 1) { out in
            _ = out.initialize(fromContentsOf: UnsafeBufferPointer(rebasing: text[0..<body]))
            out[10] = UInt8(ascii: "T")
            guard utc else { return body }
            out[body] = UInt8(ascii: "Z")
            return body + 1
        }
    }
}
