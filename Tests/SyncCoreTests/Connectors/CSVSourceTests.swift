import Testing
@testable import SyncCore

@Suite("CSVSource: RFC 4180 rows")
struct CSVSourceTests {
    @Test func readsHeaderAndRows() throws {
        let (columns, rows) = try CSVFixture().read("phone,email\n2127365000,a@example.com\n4155552671,b@example.com\n")
        #expect(columns == ["phone", "email"])
        #expect(rows == [
            .row(line: 2, fields: ["2127365000", "a@example.com"]),
            .row(line: 3, fields: ["4155552671", "b@example.com"]),
        ])
    }

    @Test func quotedFieldKeepsDelimiter() throws {
        let (_, rows) = try CSVFixture().read("name,city\n\"Doe, Jane\",\"Portland, OR\"\n")
        #expect(rows == [.row(line: 2, fields: ["Doe, Jane", "Portland, OR"])])
    }

    @Test func doubledQuotesBecomeOneQuote() throws {
        let (_, rows) = try CSVFixture().read("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n")
        #expect(rows == [.row(line: 2, fields: ["say \"hi\"", "\""])])
    }

    @Test func emptyQuotedAndUnquotedFields() throws {
        let (_, rows) = try CSVFixture().read("a,b,c\n\"\",,\n")
        #expect(rows == [.row(line: 2, fields: ["", "", ""])])
    }

    @Test func trailingEmptyFieldBeforeNewline() throws {
        let (_, rows) = try CSVFixture().read("a,b\n1,\n,2\n")
        #expect(rows == [.row(line: 2, fields: ["1", ""]), .row(line: 3, fields: ["", "2"])])
    }

    @Test func lfInsideQuotesIsKept() throws {
        let (_, rows) = try CSVFixture().read("a,b\n\"one\ntwo\",x\n")
        #expect(rows == [.row(line: 2, fields: ["one\ntwo", "x"])])
    }

    @Test func crlfInsideQuotesIsKept() throws {
        let (_, rows) = try CSVFixture().read("a,b\r\n\"one\r\ntwo\",x\r\n")
        #expect(rows == [.row(line: 2, fields: ["one\r\ntwo", "x"])])
    }

    @Test func bareCRInsideQuotesIsKept() throws {
        let (_, rows) = try CSVFixture().read("a,b\r\"one\rtwo\",x\r")
        #expect(rows == [.row(line: 2, fields: ["one\rtwo", "x"])])
    }

    @Test func crlfRowEnds() throws {
        let (columns, rows) = try CSVFixture().read("a,b\r\n1,2\r\n3,4\r\n")
        #expect(columns == ["a", "b"])
        #expect(rows == [.row(line: 2, fields: ["1", "2"]), .row(line: 3, fields: ["3", "4"])])
    }

    @Test func lfRowEnds() throws {
        let (_, rows) = try CSVFixture().read("a,b\n1,2\n3,4\n")
        #expect(rows == [.row(line: 2, fields: ["1", "2"]), .row(line: 3, fields: ["3", "4"])])
    }

    @Test func bareCRRowEnds() throws {
        let (columns, rows) = try CSVFixture().read("a,b\r1,2\r3,4\r")
        #expect(columns == ["a", "b"])
        #expect(rows == [.row(line: 2, fields: ["1", "2"]), .row(line: 3, fields: ["3", "4"])])
    }

    @Test func mixedRowEnds() throws {
        let (_, rows) = try CSVFixture().read("a\r\n1\n2\r3\r\n4")
        #expect(rows == [
            .row(line: 2, fields: ["1"]), .row(line: 3, fields: ["2"]),
            .row(line: 4, fields: ["3"]), .row(line: 5, fields: ["4"]),
        ])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let (columns, rows) = try CSVFixture().read(bytes: [0xEF, 0xBB, 0xBF] + Array("phone,email\n1,2\n".utf8))
        #expect(columns == ["phone", "email"])
        #expect(rows == [.row(line: 2, fields: ["1", "2"])])
    }

    @Test func lastLineWithoutNewline() throws {
        let (_, rows) = try CSVFixture().read("a,b\n1,2\n3,4")
        #expect(rows == [.row(line: 2, fields: ["1", "2"]), .row(line: 3, fields: ["3", "4"])])
    }

    @Test func lastLineWithoutNewlineEndingInQuotedField() throws {
        let (_, rows) = try CSVFixture().read("a,b\n1,\"x\"")
        #expect(rows == [.row(line: 2, fields: ["1", "x"])])
    }

    @Test func lastLineEndingInEmptyField() throws {
        let (_, rows) = try CSVFixture().read("a,b\n1,")
        #expect(rows == [.row(line: 2, fields: ["1", ""])])
    }

    @Test(arguments: [";", "\t", "|"])
    func customDelimiter(delimiter: String) throws {
        let d = delimiter
        let text = "a\(d)b\n1\(d)\"x\(d)y\"\n"
        let options = CSVSource.Options(delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!))
        let (columns, rows) = try CSVFixture().read(text, options: options)
        #expect(columns == ["a", "b"])
        #expect(rows == [.row(line: 2, fields: ["1", "x\(d)y"])])
    }

    @Test func commaIsDataUnderAnotherDelimiter() throws {
        let (_, rows) = try CSVFixture().read("a;b\n1,5;2\n", options: .init(delimiter: UInt8(ascii: ";")))
        #expect(rows == [.row(line: 2, fields: ["1,5", "2"])])
    }

    @Test func blankLinesAreSkipped() throws {
        let (_, rows) = try CSVFixture().read("a,b\n\n1,2\r\n\r\n\n3,4\n\n")
        #expect(rows == [.row(line: 3, fields: ["1", "2"]), .row(line: 6, fields: ["3", "4"])])
    }

    @Test func headerNamesKeptExactly() throws {
        let (columns, _) = try CSVFixture().read(" Phone Number ,E-Mail,loyalty tier,\"Quoted, Name\"\n")
        #expect(columns == [" Phone Number ", "E-Mail", "loyalty tier", "Quoted, Name"])
    }

    @Test func fieldSpacesKept() throws {
        let (_, rows) = try CSVFixture().read("a,b\n  1 , 2\n")
        #expect(rows == [.row(line: 2, fields: ["  1 ", " 2"])])
    }

    @Test func withoutHeaderColumnsAreNumbered() throws {
        let (columns, rows) = try CSVFixture().read("x,y,z\n1,2,3\n", options: .init(header: false))
        #expect(columns == ["1", "2", "3"])
        #expect(rows == [.row(line: 1, fields: ["x", "y", "z"]), .row(line: 2, fields: ["1", "2", "3"])])
    }

    @Test func wrongFieldCountIsRejectedAndTheRunGoesOn() throws {
        let (_, rows) = try CSVFixture().read("a,b,c\n1,2,3\n1,2\n1,2,3,4\n4,5,6\n")
        #expect(rows == [
            .row(line: 2, fields: ["1", "2", "3"]),
            .rejected(line: 3, reason: "expected 3 fields, found 2"),
            .rejected(line: 4, reason: "expected 3 fields, found 4"),
            .row(line: 5, fields: ["4", "5", "6"]),
        ])
    }

    @Test func invalidUTF8IsRejectedAndTheRunGoesOn() throws {
        let bytes = Array("a,b\n1,2\n".utf8) + [UInt8(ascii: "x"), 0xC3, 0x28, UInt8(ascii: ",")]
            + Array("y\n3,4\n".utf8)
        let (_, rows) = try CSVFixture().read(bytes: bytes)
        #expect(rows == [
            .row(line: 2, fields: ["1", "2"]),
            .rejected(line: 3, reason: "not UTF-8 (windows-1252? set source.csv.encoding)"),
            .row(line: 4, fields: ["3", "4"]),
        ])
    }

    @Test func validMultibyteUTF8IsKept() throws {
        let (_, rows) = try CSVFixture().read("name,city\nJosé,Zürich 🏔\n")
        #expect(rows == [.row(line: 2, fields: ["José", "Zürich 🏔"])])
    }

    @Test func unterminatedQuoteIsRejectedWithItsStartLine() throws {
        let (_, rows) = try CSVFixture().read("a,b\n1,2\n3,\"never closed\n4,5\n")
        #expect(rows == [
            .row(line: 2, fields: ["1", "2"]),
            .rejected(line: 3, reason: "lines 3 to the end of the file: a quoted field never closes — an unbalanced quote?"),
        ])
    }

    @Test func aQuotedFieldThatRunsOnNamesWhereItStartedAndEnded() throws {
        // Line 3 opens a quote that line 7 closes: one row of lines 3–7, with too many fields.
        let (_, rows) = try CSVFixture().read("a,b\n1,2\n3,\"oops\n4,5\n6,7\n8,9\n10\",11\n12,13\n")
        #expect(rows == [
            .row(line: 2, fields: ["1", "2"]),
            .rejected(line: 3, reason: "lines 3–7: a quoted field runs on for 5 lines — an unbalanced quote? (expected 2 fields, found 3)"),
            .row(line: 8, fields: ["12", "13"]),
        ])
    }

    @Test func textAfterClosingQuoteIsRejected() throws {
        let (_, rows) = try CSVFixture().read("a,b\n\"x\"y,1\n2,3\n")
        #expect(rows == [
            .rejected(line: 2, reason: "text after a closing quote"),
            .row(line: 3, fields: ["2", "3"]),
        ])
    }

    @Test func quoteInsideUnquotedFieldIsData() throws {
        let (_, rows) = try CSVFixture().read("a,b\n5'10\",x\n")
        #expect(rows == [.row(line: 2, fields: ["5'10\"", "x"])])
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() throws {
        let (_, rows) = try CSVFixture().read("a,b\n\"1\n2\n3\",x\n\"4\r\n5\",y\nlast,z\n,\"\r\"\nend,w")
        #expect(rows == [
            .row(line: 2, fields: ["1\n2\n3", "x"]),
            .row(line: 5, fields: ["4\r\n5", "y"]),
            .row(line: 7, fields: ["last", "z"]),
            .row(line: 8, fields: ["", "\r"]),
            .row(line: 10, fields: ["end", "w"]),
        ])
    }

    @Test func rejectionReasonsHoldNoRowData() throws {
        let secret = "jane.doe@example.com"
        let bytes = Array("a,b\n\(secret)\n\(secret),".utf8) + [0xFF] + Array("\n\(secret),\"open\n".utf8)
        let (_, rows) = try CSVFixture().read(bytes: bytes)
        #expect(rows.count == 3)
        var rejected = 0
        for case .rejected(_, let reason) in rows {
            rejected += 1
            #expect(!reason.contains("jane"))
            #expect(!reason.contains("open"))
        }
        #expect(rejected == 3)
    }
}
