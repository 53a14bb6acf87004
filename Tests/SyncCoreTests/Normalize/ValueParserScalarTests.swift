import Testing
@testable import SyncCore

@Suite("ValueParser: strings, booleans and formats")
struct ValueParserScalarTests {
    @Test func stringsAreTrimmed() throws {
        let parser = try ValueParser(type: .string)
        #expect(try parser.parse("  Gold Tier  ") == .string("Gold Tier"))
        #expect(try parser.parse("\u{00A0}Gold\u{00A0}") == .string("Gold"))
        #expect(try parser.parse("a  b") == .string("a  b"))
        #expect(try parser.parse("") == nil)
        #expect(try parser.parse(" \t ") == nil)
    }

    @Test(arguments: ["true", "TRUE", "True", "yes", "YES", "y", "Y", "1", " true "])
    func trueValues(raw: String) throws {
        #expect(try ValueParser(type: .boolean).parse(raw) == .boolean(true))
    }

    @Test(arguments: ["false", "FALSE", "False", "no", "No", "n", "N", "0", "\tno\n"])
    func falseValues(raw: String) throws {
        #expect(try ValueParser(type: .boolean).parse(raw) == .boolean(false))
    }

    @Test(arguments: ["t", "f", "on", "off", "2", "-1", "yess", "truee", "nope", "00", "1.0"])
    func notABoolean(raw: String) throws {
        let parser = try ValueParser(type: .boolean)
        #expect(throws: ValueError(reason: "not a boolean (expected true/false, yes/no, y/n or 1/0)")) {
            try parser.parse(raw)
        }
    }

    @Test func emptyBooleanIsOmitted() throws {
        #expect(try ValueParser(type: .boolean).parse("  ") == nil)
    }

    @Test(arguments: [ValueType.string, .number, .integer, .boolean])
    func formatOnlyForDates(type: ValueType) {
        let error = #expect(throws: ValueFormatError.self) { try ValueParser(type: type, format: "MM/dd/yyyy") }
        #expect(error?.description == "format \"MM/dd/yyyy\": a format applies only to date and datetime columns")
    }

    @Test(arguments: [
        ("MM/dd/yy", "'yy' is not a pattern field (use yyyy, MM, M, dd, d, HH, H, mm, ss, SSS; quote literal letters)"),
        ("yyyy-MM-ddTHH:mm", "'T' is not a pattern field (use yyyy, MM, M, dd, d, HH, H, mm, ss, SSS; quote literal letters)"),
        ("MMM dd yyyy", "'MMM' is not a pattern field (use yyyy, MM, M, dd, d, HH, H, mm, ss, SSS; quote literal letters)"),
        ("MM/yyyy", "needs a year (yyyy), a month (MM or M) and a day (dd or d)"),
        ("dd/MM/yyyy/dd", "'dd' appears twice"),
        ("yyyy-MM-dd 'at HH:mm", "unterminated quoted text"),
        ("", "needs a year (yyyy), a month (MM or M) and a day (dd or d)"),
    ])
    func formatNotUnderstood(format: String, reason: String) {
        let error = #expect(throws: ValueFormatError.self) { try ValueParser(type: .datetime, format: format) }
        #expect(error == ValueFormatError(format: format, reason: reason))
        #expect(error?.description.hasPrefix("format \"\(format)\": ") == true)
    }
}
