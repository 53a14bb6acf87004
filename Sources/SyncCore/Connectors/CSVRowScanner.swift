/// The RFC 4180 state machine under `CSVSource`: fed chunks of bytes, it yields one row
/// at a time as raw field bytes, whatever the chunk boundaries.
///
/// Row ends are LF, CRLF or a bare CR; inside quotes they are kept as they are and still
/// count as lines, so `rowLine` is the physical line where a row starts. Blank lines are
/// skipped. Bytes stay bytes here: turning them into strings (and checking UTF-8) is the
/// caller's job, once per field.
struct CSVRowScanner {
    /// What made a row unusable while it was scanned.
    enum Problem: Equatable {
        case unterminatedQuote
        case textAfterClosingQuote
        case rowTooLong
    }

    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// Inside quotes, just after a CR: an LF here belongs to the same line break.
        case quotedAfterCR
        /// Inside quotes, just after a quote: a doubled quote, or the field's end.
        case quoteInQuoted
        /// Between rows, just after a CR: an LF here belongs to the same row end.
        case rowEndAfterCR
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    let delimiter: UInt8
    /// A row longer than this is rejected rather than held, so one unterminated quote
    /// cannot pull the rest of a large file into memory.
    let maxRowBytes: Int

    /// The current row's field contents, back to back.
    private(set) var bytes: [UInt8] = []
    /// Where each field of the current row ends in `bytes`.
    private(set) var fieldEnds: [Int] = []
    /// The 1-based line where the current row starts.
    private(set) var rowLine = 1
    /// The line where it ends: later than `rowLine` when a quoted field holds line breaks.
    private(set) var rowEndLine = 1
    /// Set when the current row cannot be used.
    private(set) var problem: Problem?
    /// Set when the current row is known to be ASCII only (it was scanned whole, eight bytes at
    /// a time); when not set, it may or may not be.
    private(set) var isASCII = false

    private var line = 1
    private var state = State.fieldStart
    private var rowReady = false

    static let defaultMaxRowBytes = 16 << 20

    init(delimiter: UInt8, maxRowBytes: Int = defaultMaxRowBytes) {
        self.delimiter = delimiter
        self.maxRowBytes = maxRowBytes
        bytes.reserveCapacity(4096)
        fieldEnds.reserveCapacity(64)
    }

    /// Scans `input` from `position` until a row is complete (true; the row is in
    /// `bytes`/`fieldEnds` until the next call) or the input is used up (false).
    mutating func scanRow(_ input: UnsafeBufferPointer<UInt8>, position: inout Int) -> Bool {
        startRowIfNeeded()
        guard let base = input.baseAddress else { return false }
        let end = input.count
        let delimiter = self.delimiter
        var i = position
        defer { position = i }

        while i < end {
            switch state {
            case .fieldStart:
                // Most rows have no quotes and lie whole in the chunk: such a row is taken at once.
                if fieldEnds.isEmpty, bytes.isEmpty, let rowEnd = takeUnquotedRow(base, from: i, to: end) {
                    let byte = base[rowEnd]
                    i = rowEnd + 1
                    if endLine(byte, blank: false) { return true }
                    continue
                }
                let byte = base[i]
                if byte == Self.quote {
                    state = .quoted
                    i += 1
                } else if byte == delimiter {
                    fieldEnds.append(bytes.count)
                    i += 1
                } else if byte == Self.lf || byte == Self.cr {
                    i += 1
                    let blank = fieldEnds.isEmpty
                    if !blank { fieldEnds.append(bytes.count) }
                    if endLine(byte, blank: blank) { return true }
                } else {
                    state = .unquoted
                }

            case .unquoted:
                var j = i
                while j < end {
                    let byte = base[j]
                    if byte == delimiter || byte == Self.lf || byte == Self.cr { break }
                    j += 1
                }
                append(base + i, count: j - i)
                i = j
                if i < end {
                    let byte = base[i]
                    i += 1
                    fieldEnds.append(bytes.count)
                    if byte == delimiter {
                        state = .fieldStart
                    } else if endLine(byte, blank: false) {
                        return true
                    }
                }

            case .quoted:
                var j = i
                while j < end {
                    let byte = base[j]
                    if byte == Self.quote || byte == Self.lf || byte == Self.cr { break }
                    j += 1
                }
                append(base + i, count: j - i)
                i = j
                if i < end {
                    let byte = base[i]
                    i += 1
                    if byte == Self.quote {
                        state = .quoteInQuoted
                    } else {
                        append(byte)
                        line += 1
                        if byte == Self.cr { state = .quotedAfterCR }
                    }
                }

            case .quotedAfterCR:
                if base[i] == Self.lf {
                    append(Self.lf)
                    i += 1
                }
                state = .quoted

            case .quoteInQuoted:
                let byte = base[i]
                if byte == Self.quote {
                    append(Self.quote)
                    state = .quoted
                    i += 1
                } else if byte == delimiter {
                    fieldEnds.append(bytes.count)
                    state = .fieldStart
                    i += 1
                } else if byte == Self.lf || byte == Self.cr {
                    fieldEnds.append(bytes.count)
                    i += 1
                    if endLine(byte, blank: false) { return true }
                } else {
                    // `"ab"cd`: keep scanning to the row's end, but do not guess at it.
                    if problem == nil { problem = .textAfterClosingQuote }
                    state = .unquoted
                }

            case .rowEndAfterCR:
                if base[i] == Self.lf { i += 1 }
                state = .fieldStart
            }
        }
        return false
    }

    /// Ends the input: true when a last row without a final line break is waiting.
    mutating func finish() -> Bool {
        startRowIfNeeded()
        switch state {
        case .fieldStart, .rowEndAfterCR:
            if fieldEnds.isEmpty { return false }
            fieldEnds.append(bytes.count)
        case .unquoted, .quoteInQuoted:
            fieldEnds.append(bytes.count)
        case .quoted, .quotedAfterCR:
            if problem == nil { problem = .unterminatedQuote }
            fieldEnds.append(bytes.count)
        }
        state = .fieldStart
        rowEndLine = line
        rowReady = true
        return true
    }

    private mutating func startRowIfNeeded() {
        guard rowReady else { return }
        rowReady = false
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        problem = nil
        isASCII = false
        rowLine = line
    }

    /// Takes the row starting at `start` when it has no quote and its line break is before
    /// `end`: its bytes are copied at once and its delimiters taken out, and the index of its
    /// line break is returned. Nil (nothing taken) for a blank line, a row with a quote, or a
    /// row the chunk does not end. Bytes are looked at eight at a time.
    private mutating func takeUnquotedRow(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let delimiters = Self.repeated(delimiter), quotes = Self.repeated(Self.quote)
        let lfs = Self.repeated(Self.lf), crs = Self.repeated(Self.cr)
        var i = start, seen: UInt64 = 0
        var rowEnd: Int?, quoted = false
        while rowEnd == nil, i + 8 <= end {
            var word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            var delimiterBytes = Self.bytes(of: word, equalTo: delimiters)
            let stops = Self.bytes(of: word, equalTo: quotes) | Self.bytes(of: word, equalTo: lfs) | Self.bytes(of: word, equalTo: crs)
            if stops != 0 {
                let offset = stops.trailingZeroBitCount >> 3
                quoted = base[i + offset] == Self.quote
                if quoted { break }
                rowEnd = i + offset
                // Only the bytes before the line break are the row's.
                let below: UInt64 = offset == 0 ? 0 : ~0 >> (64 - 8 * offset)
                word &= below
                delimiterBytes &= below
            }
            seen |= word
            while delimiterBytes != 0 {
                fieldEnds.append(i - start + delimiterBytes.trailingZeroBitCount >> 3)
                delimiterBytes &= delimiterBytes - 1
            }
            if rowEnd == nil { i += 8 }
        }
        while rowEnd == nil, !quoted, i < end {
            let byte = base[i]
            quoted = byte == Self.quote
            if quoted { break }
            if byte == Self.lf || byte == Self.cr { rowEnd = i } else {
                if byte == delimiter { fieldEnds.append(i - start) }
                seen |= UInt64(byte)
                i += 1
            }
        }
        guard !quoted, let rowEnd, rowEnd > start, rowEnd - start <= maxRowBytes else {
            fieldEnds.removeAll(keepingCapacity: true)
            return nil
        }
        // The row's bytes, then each field moved down over the delimiters before it.
        let length = rowEnd - start
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: length))
        let delimiterCount = fieldEnds.count
        bytes.withUnsafeMutableBufferPointer { row in
            fieldEnds.withUnsafeMutableBufferPointer { ends in
                var written = 0, fieldStart = 0
                for k in 0...delimiterCount {
                    let fieldEnd = k < delimiterCount ? ends[k] : length
                    let count = fieldEnd - fieldStart
                    if written != fieldStart, count > 0 { (row.baseAddress! + written).update(from: row.baseAddress! + fieldStart, count: count) }
                    written += count
                    if k < delimiterCount { ends[k] = written }
                    fieldStart = fieldEnd + 1
                }
            }
        }
        bytes.removeLast(delimiterCount)
        fieldEnds.append(bytes.count)
        isASCII = seen & 0x8080_8080_8080_8080 == 0
        return rowEnd
    }

    private static func repeated(_ byte: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(byte) }

    /// 0x80 in each byte of `word` equal to that of `pattern`, 0 in the others (exact: no
    /// carry runs from one byte into the next).
    private static func bytes(of word: UInt64, equalTo pattern: UInt64) -> UInt64 {
        let x = word ^ pattern, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~((x & low7) &+ low7 | x | low7)
    }

    /// Handles a line break that ends a row; returns true when that row is to be yielded
    /// (false for a blank line, which is skipped).
    private mutating func endLine(_ byte: UInt8, blank: Bool) -> Bool {
        rowEndLine = line
        line += 1
        state = byte == Self.cr ? .rowEndAfterCR : .fieldStart
        if blank {
            rowLine = line
            return false
        }
        rowReady = true
        return true
    }

    private mutating func append(_ source: UnsafePointer<UInt8>, count: Int) {
        guard count > 0 else { return }
        guard bytes.count + count <= maxRowBytes else {
            problem = .rowTooLong
            return
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: source, count: count))
    }

    private mutating func append(_ byte: UInt8) {
        guard bytes.count < maxRowBytes else {
            problem = .rowTooLong
            return
        }
        bytes.append(byte)
    }
}
