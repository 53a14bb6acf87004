/// A column's date `format`, in a small subset of the Unicode date pattern language:
/// `yyyy`, `MM`/`M`, `dd`/`d`, `HH`/`H`, `mm`, `ss`, `SSS`, and literal text
/// (`MM/dd/yyyy`, `dd.MM.yyyy HH:mm`, `yyyy-MM-dd'T'HH:mm`).
///
/// Doubled letters take exactly two digits, single ones one or two. Other ASCII letters
/// are reserved and must be quoted (`'at'`); `''` is a literal quote.
struct DatePattern: Sendable {
    private enum Field: Sendable {
        case year, month, day, hour, minute, second, millisecond
    }

    private enum Element: Sendable {
        case field(Field, minDigits: Int, maxDigits: Int)
        case literal([UInt8])
    }

    /// The pattern as written.
    let text: String
    private let elements: [Element]

    private static let fields: [String: (Field, Int, Int)] = [
        "yyyy": (.year, 4, 4),
        "MM": (.month, 2, 2), "M": (.month, 1, 2),
        "dd": (.day, 2, 2), "d": (.day, 1, 2),
        "HH": (.hour, 2, 2), "H": (.hour, 1, 2),
        "mm": (.minute, 2, 2),
        "ss": (.second, 2, 2),
        "SSS": (.millisecond, 3, 3),
    ]

    init(_ text: String) throws(ValueFormatError) {
        func fail(_ reason: String) -> ValueFormatError {
            ValueFormatError(format: text, reason: reason)
        }
        let characters = Array(text)
        var elements: [Element] = []
        var seen: [Field] = []
        var literal: [UInt8] = []
        var i = 0
        while i < characters.count {
            let character = characters[i]
            if character == "'" {
                var j = i + 1
                if j < characters.count, characters[j] == "'" {
                    literal.append(UInt8(ascii: "'"))
                    i = j + 1
                    continue
                }
                while j < characters.count, characters[j] != "'" { j += 1 }
                guard j < characters.count else { throw fail("unterminated quoted text") }
                literal.append(contentsOf: String(characters[(i + 1)..<j]).utf8)
                i = j + 1
            } else if character.isASCII, character.isLetter {
                var j = i
                while j < characters.count, characters[j] == character { j += 1 }
                let token = String(characters[i..<j])
                guard let (field, minDigits, maxDigits) = Self.fields[token] else {
                    throw fail(
                        "'\(token)' is not a pattern field (use yyyy, MM, M, dd, d, HH, H, mm, ss, SSS; quote literal letters)"
                    )
                }
                guard !seen.contains(field) else { throw fail("'\(token)' appears twice") }
                seen.append(field)
                if !literal.isEmpty {
                    elements.append(.literal(literal))
                    literal = []
                }
                elements.append(.field(field, minDigits: minDigits, maxDigits: maxDigits))
                i = j
            } else {
                literal.append(contentsOf: String(character).utf8)
                i += 1
            }
        }
        if !literal.isEmpty { elements.append(.literal(literal)) }
        guard seen.contains(.year), seen.contains(.month), seen.contains(.day) else {
            throw fail("needs a year (yyyy), a month (MM or M) and a day (dd or d)")
        }
        self.text = text
        self.elements = elements
    }

    /// Reads `cursor` to its end; `.malformed` when the text does not follow the pattern,
    /// `.invalid` when it does but names no real day or time.
    func read(_ cursor: inout DigitCursor) -> CalendarDateTime.Reading {
        var value = CalendarDateTime(year: 0, month: 0, day: 0)
        for element in elements {
            switch element {
            case .literal(let bytes):
                guard cursor.take(bytes) else { return .malformed }
            case .field(let field, let minDigits, let maxDigits):
                guard let number = cursor.digits(minDigits, maxDigits) else { return .malformed }
                switch field {
                case .year: value.year = number
                case .month: value.month = number
                case .day: value.day = number
                case .hour: value.hour = number
                case .minute: value.minute = number
                case .second: value.second = number
                case .millisecond: value.millisecond = number
                }
            }
        }
        guard cursor.isAtEnd else { return .malformed }
        return value.isValid ? .value(value) : .invalid
    }
}
