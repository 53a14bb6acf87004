import Testing
@testable import SyncCore

@Suite("ValueParser: dates and datetimes")
struct ValueParserDateTests {
    static let date = try! ValueParser(type: .date)
    static let datetime = try! ValueParser(type: .datetime)

    @Test(arguments: [
        ("2026-11-23", "2026-11-23"), (" 2026-01-05 ", "2026-01-05"),
        ("2024-02-29", "2024-02-29"), ("2000-02-29", "2000-02-29"), ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
    ])
    func isoDates(raw: String, expected: String) throws {
        #expect(try Self.date.parse(raw) == .string(expected))
    }

    @Test(arguments: ["2026-02-30", "2025-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00"])
    func noSuchDay(raw: String) {
        #expect(throws: ValueError(reason: "not a valid date (no such day)")) { try Self.date.parse(raw) }
    }

    @Test(arguments: [
        "2026-11-23T08:00:00Z", "2026-11-23 08:00", "11/23/2026", "2026/11/23", "2026-1-5",
        "20261123", "26-11-23", "2026-11-23x", "yesterday", "+2026-11-23",
    ])
    func notADate(raw: String) {
        #expect(throws: ValueError(reason: "not a date (expected YYYY-MM-DD)")) { try Self.date.parse(raw) }
    }

    @Test(arguments: [
        ("2026-11-23T08:00:00Z", "2026-11-23T08:00:00Z"),
        ("2026-11-23t08:00:00z", "2026-11-23T08:00:00Z"),
        ("2026-11-23T08:00", "2026-11-23T08:00:00Z"),
        ("2026-11-23 08:00:30", "2026-11-23T08:00:30Z"),
        ("2026-11-23T08:00:00.000Z", "2026-11-23T08:00:00Z"),
        ("2026-11-23T08:00:00.5Z", "2026-11-23T08:00:00.500Z"),
        ("2026-11-23T08:00:00.123456789Z", "2026-11-23T08:00:00.123Z"),
        ("2026-11-23T08:00:00,25Z", "2026-11-23T08:00:00.250Z"),
        ("2026-11-23T08:00:00+02:00", "2026-11-23T06:00:00Z"),
        ("2026-11-23T08:00:00-0530", "2026-11-23T13:30:00Z"),
        ("2026-11-23T08:00-05", "2026-11-23T13:00:00Z"),
        ("2026-11-23T23:30:00-01:00", "2026-11-24T00:30:00Z"),
        ("2026-01-01T00:15:00+01:00", "2025-12-31T23:15:00Z"),
        ("2024-03-01T00:00:00+00:01", "2024-02-29T23:59:00Z"),
        ("2026-12-31T23:00:00-02:00", "2027-01-01T01:00:00Z"),
        ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.999-00:00", "1969-12-31T23:59:59.999Z"),
    ])
    func isoDateTimesInUTC(raw: String, expected: String) throws {
        #expect(try Self.datetime.parse(raw) == .string(expected))
    }

    @Test(arguments: [
        "2026-11-23", "2026-11-23T08", "2026-11-23T8:00", "2026-11-23T08:00:0", "2026-11-23T08:00:00.",
        "2026-11-23T08:00:00 Z", "2026-11-23T08:00:00+2", "2026-11-23T08:00:00+02:0", "2026-11-23_08:00",
        "11/23/2026 08:00", "now",
    ])
    func notADateTime(raw: String) {
        #expect(throws: ValueError(reason: "not a datetime (expected ISO 8601, e.g. 2026-11-23T08:00:00Z)")) {
            try Self.datetime.parse(raw)
        }
    }

    @Test(arguments: ["2026-02-30T08:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T08:60:00Z",
                      "2026-11-23T08:00:60Z", "2026-11-23T08:00:00+24:00", "2026-11-23T08:00:00+01:60"])
    func noSuchDateTime(raw: String) {
        #expect(throws: ValueError(reason: "not a valid datetime (no such day or time)")) {
            try Self.datetime.parse(raw)
        }
    }

    @Test func datetimeOutsideYearsAfterConversion() {
        #expect(throws: ValueError(reason: "datetime out of range (years 0000 to 9999 in UTC)")) {
            try Self.datetime.parse("9999-12-31T23:30:00-01:00")
        }
    }

    @Test(arguments: [
        ("MM/dd/yyyy", "11/23/2026", "2026-11-23"),
        ("M/d/yyyy", "1/5/2026", "2026-01-05"),
        ("M/d/yyyy", "12/25/2026", "2026-12-25"),
        ("dd.MM.yyyy", "23.11.2026", "2026-11-23"),
        ("yyyyMMdd", "20261123", "2026-11-23"),
        ("dd/MM/yyyy HH:mm", "23/11/2026 08:30", "2026-11-23"),
    ])
    func datesByFormat(format: String, raw: String, expected: String) throws {
        #expect(try ValueParser(type: .date, format: format).parse(raw) == .string(expected))
    }

    @Test func dateByFormatRejectsOtherShapes() throws {
        let parser = try ValueParser(type: .date, format: "MM/dd/yyyy")
        #expect(throws: ValueError(reason: "not a date (expected MM/dd/yyyy)")) { try parser.parse("2026-11-23") }
        #expect(throws: ValueError(reason: "not a date (expected MM/dd/yyyy)")) { try parser.parse("1/5/2026") }
        #expect(throws: ValueError(reason: "not a valid date (no such day)")) { try parser.parse("02/30/2026") }
    }

    @Test(arguments: [
        ("dd.MM.yyyy HH:mm", "23.11.2026 08:30", "2026-11-23T08:30:00Z"),
        ("MM/dd/yyyy H:mm:ss", "11/23/2026 8:05:09", "2026-11-23T08:05:09Z"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSS", "2026-11-23T08:00:00.042", "2026-11-23T08:00:00.042Z"),
        ("MM/dd/yyyy", "11/23/2026", "2026-11-23T00:00:00Z"),
        ("yyyy-MM-dd 'at' HH:mm", "2026-11-23 at 18:45", "2026-11-23T18:45:00Z"),
        ("''yyyy''-MM-dd HH:mm", "'2026'-11-23 07:00", "2026-11-23T07:00:00Z"),
    ])
    func datetimesByFormat(format: String, raw: String, expected: String) throws {
        #expect(try ValueParser(type: .datetime, format: format).parse(raw) == .string(expected))
    }

    @Test func datetimeByFormatRejects() throws {
        let parser = try ValueParser(type: .datetime, format: "dd.MM.yyyy HH:mm")
        #expect(throws: ValueError(reason: "not a datetime (expected dd.MM.yyyy HH:mm)")) {
            try parser.parse("23.11.2026")
        }
        #expect(throws: ValueError(reason: "not a valid datetime (no such day or time)")) {
            try parser.parse("23.11.2026 25:00")
        }
    }

    @Test func emptyIsOmitted() throws {
        #expect(try Self.date.parse(" ") == nil)
        #expect(try Self.datetime.parse("") == nil)
    }
}
