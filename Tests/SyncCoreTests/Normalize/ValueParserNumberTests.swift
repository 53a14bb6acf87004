import Testing
@testable import SyncCore

@Suite("ValueParser: numbers and integers")
struct ValueParserNumberTests {
    static let number = try! ValueParser(type: .number)
    static let integer = try! ValueParser(type: .integer)

    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("+0", "0"), ("0.000", "0"), ("-0.0e5", "0"),
        ("42", "42"), ("+5", "5"), ("-17", "-17"), ("007", "7"),
        ("12.50", "12.5"), ("12.0", "12"), ("-3.14159", "-3.14159"), ("0.5", "0.5"),
        ("1e3", "1000"), ("1E3", "1000"), ("1e+3", "1000"), ("2.5e2", "250"),
        ("1.5E-2", "0.015"), ("150e-4", "0.015"), ("-1.50e-1", "-0.15"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("0.1000000000000000055511151231257827", "0.1000000000000000055511151231257827"),
        ("1e100", "1" + String(repeating: "0", count: 100)),
        ("1e-100", "0." + String(repeating: "0", count: 99) + "1"),
        ("1e400", "1e400"), ("-2.50e-300", "-2.5e-300"), ("12e100", "1.2e101"),
        ("  12.50 ", "12.5"),
    ])
    func canonicalLiteral(raw: String, literal: String) throws {
        #expect(try Self.number.parse(raw) == .number(literal))
    }

    @Test(arguments: [
        "1,000", "NaN", "nan", "Infinity", "-Infinity", ".5", "5.", "0x10", "1e", "1e+",
        "--1", "+-1", "1 000", "12abc", "$5", "1.2.3", "e5", "+", "-", "½",
    ])
    func notANumber(raw: String) {
        #expect(throws: ValueError(reason: "not a number")) { try Self.number.parse(raw) }
    }

    @Test func hugeWrittenExponentIsOutOfRange() {
        #expect(throws: ValueError(reason: "number out of range")) { try Self.number.parse("1e99999999999") }
    }

    @Test func emptyIsOmitted() throws {
        #expect(try Self.number.parse("") == nil)
        #expect(try Self.number.parse("   ") == nil)
        #expect(try Self.integer.parse("\t") == nil)
    }

    @Test(arguments: [("3", "3"), ("3.0", "3"), ("-12", "-12"), ("1e3", "1000"), ("+7", "7"), ("2.50e1", "25")])
    func integers(raw: String, literal: String) throws {
        #expect(try Self.integer.parse(raw) == .number(literal))
    }

    @Test(arguments: ["3.5", "0.1", "1e-3", "1e-400"])
    func notAnInteger(raw: String) {
        #expect(throws: ValueError(reason: "not an integer")) { try Self.integer.parse(raw) }
    }

    @Test func integerBeyondPlainFormIsOutOfRange() {
        #expect(throws: ValueError(reason: "integer out of range")) { try Self.integer.parse("1e400") }
    }

    @Test func integerRejectsWhatNumberRejects() {
        #expect(throws: ValueError(reason: "not a number")) { try Self.integer.parse("1,000") }
    }

    @Test func reasonsNeverEchoTheValue() {
        for raw in ["secret-42", "1,234", "9.9.9"] {
            do {
                _ = try Self.number.parse(raw)
                Issue.record("expected \(raw) to be rejected")
            } catch {
                #expect(!error.reason.contains(raw))
            }
        }
    }
}
