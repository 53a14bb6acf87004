import Foundation
import Testing
@testable import SyncCore

/// Excel's exports: windows-1252 and latin1 files read exactly, checked byte by byte against
/// Foundation's own decoders; bytes that are not UTF-8 are rejected with the likely encoding.
@Suite struct TextEncodingTests {
    /// A file with one row per high byte, `x<byte>y`, read in `encoding`.
    func readEveryHighByte(_ encoding: TextEncoding) throws -> [SourceRow] {
        var bytes = Array("c\n".utf8)
        for byte in UInt8(0x80)...0xFF { bytes += [UInt8(ascii: "x"), byte, UInt8(ascii: "y"), UInt8(ascii: "\n")] }
        return try CSVFixture().read(bytes: bytes, options: .init(encoding: encoding)).rows
    }

    @Test func windows1252IsDecodedAsFoundationDecodesIt() throws {
        let rows = try readEveryHighByte(.windows1252)
        #expect(rows.count == 128)
        // Foundation leaves the five unassigned bytes undecoded; WHATWG (and we) make them C1 controls.
        let unassigned: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
        for (index, row) in rows.enumerated() {
            let byte = UInt8(0x80 + index)
            let expected = unassigned.contains(byte) ? "x\(Unicode.Scalar(byte))y" : String(bytes: [0x78, byte, 0x79], encoding: .windowsCP1252)
            #expect(row == .row(line: index + 2, fields: [try #require(expected)]), "byte \(byte)")
        }
        #expect(rows[0] == .row(line: 2, fields: ["x€y"]) && rows[0x99 - 0x80] == .row(line: 0x99 - 0x80 + 2, fields: ["x™y"]))
    }

    @Test func latin1IsEachByteItsCodePoint() throws {
        let rows = try readEveryHighByte(.latin1)
        #expect(rows.count == 128)
        for (index, row) in rows.enumerated() {
            let byte = UInt8(0x80 + index)
            #expect(row == .row(line: index + 2, fields: [try #require(String(bytes: [0x78, byte, 0x79], encoding: .isoLatin1))]))
        }
    }

    @Test func delimitersQuotesAndHeadersReadAsInUTF8() throws {
        let text = "name;city\n\"Ren\u{E9}e; \"\"R\"\"\";K\u{F6}ln\n"
        let bytes = try #require(text.data(using: .windowsCP1252))
        let (columns, rows) = try CSVFixture().read(bytes: Array(bytes), options: .init(delimiter: UInt8(ascii: ";"), encoding: .windows1252))
        #expect(columns == ["name", "city"])
        #expect(rows == [.row(line: 2, fields: ["Renée; \"R\"", "Köln"])])
    }

    @Test func bytesThatAreNotUTF8NameTheLikelyEncoding() throws {
        let excel = try #require("id,name\n1,Ren\u{E9}e\n2,Ann\n".data(using: .windowsCP1252))
        let (_, rows) = try CSVFixture().read(bytes: Array(excel))
        #expect(rows == [.rejected(line: 2, reason: "not UTF-8 (windows-1252? set source.csv.encoding)"), .row(line: 3, fields: ["2", "Ann"])])
        let utf16 = try #require("id,name\n1,Ann\n".data(using: .utf16LittleEndian))
        let fixture = try CSVFixture()
        let path = try fixture.write([0xFF, 0xFE] + Array(utf16))
        let error = #expect(throws: CSVSourceError.self) { try CSVSource(path: path) }
        #expect(error?.description.hasSuffix("header row: not UTF-8 (UTF-16? save the file as UTF-8)") == true, "\(String(describing: error))")
    }

    @Test func theMappingNamesTheEncoding() throws {
        func load(_ encoding: String) throws -> Mapping {
            try MappingLoader.parse(Data("""
                {"name": "n", "source": {"csv": {"path": "/c.csv", "encoding": "\(encoding)"}}, "identity": {"email": "e"}, "customAttributes": {"A": "a"}}
                """.utf8), file: "m.json", baseDirectory: "/maps")
        }
        #expect(try load("windows-1252").source == .csv(CSVSourceConfiguration(path: "/c.csv", encoding: .windows1252)))
        #expect(try load("Latin1").source == .csv(CSVSourceConfiguration(path: "/c.csv", encoding: .latin1)))
        let error = #expect(throws: MappingError.self) { try load("ebcdic") }
        #expect(error?.path == "source.csv.encoding")
        #expect(error?.reason == "'ebcdic' is not one of 'utf-8', 'windows-1252', 'latin1'")
    }
}
