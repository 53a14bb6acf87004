import Testing
@testable import SyncCore

@Suite("CSVRowScanner: chunk boundaries")
struct CSVRowScannerTests {
    /// A scanned row: line, fields as text, problem.
    struct Scanned: Equatable {
        var line: Int
        var fields: [String]
        var problem: CSVRowScanner.Problem?
        /// The line where the row ends, when it is compared.
        var endLine: Int?
    }

    static let tricky = "id,\"note\"\r\n1,\"a,b\"\r\n\r\n2,\"x\"\"y\"\"\"\n3,\"l1\r\nl2\rl3\nl4\"\r4,\"\"\n\n5,\"tail\"\"\"\r\n6,\"open"

    /// Feeds `text` to a scanner `chunkSize` bytes at a time.
    static func scan(_ text: String, chunkSize: Int, maxRowBytes: Int = 1 << 20, endLines: Bool = false) -> [Scanned] {
        var scanner = CSVRowScanner(delimiter: UInt8(ascii: ","), maxRowBytes: maxRowBytes)
        let bytes = Array(text.utf8)
        var rows: [Scanned] = []
        func take(_ scanner: CSVRowScanner) {
            var fields: [String] = []
            var start = 0
            for end in scanner.fieldEnds {
                fields.append(String(decoding: scanner.bytes[start..<end], as: UTF8.self))
                start = end
            }
            rows.append(Scanned(line: scanner.rowLine, fields: fields, problem: scanner.problem, endLine: endLines ? scanner.rowEndLine : nil))
            // A row the scanner calls ASCII is.
            #expect(!scanner.isASCII || scanner.bytes.allSatisfy { $0 < 0x80 })
        }
        var offset = 0
        while offset < bytes.count {
            let chunk = Array(bytes[offset..<min(offset + chunkSize, bytes.count)])
            offset += chunk.count
            chunk.withUnsafeBufferPointer { buffer in
                var position = 0
                while scanner.scanRow(buffer, position: &position) { take(scanner) }
            }
        }
        while scanner.finish() { take(scanner) }
        return rows
    }

    @Test func wholeInput() {
        #expect(Self.scan(Self.tricky, chunkSize: 1 << 16) == [
            Scanned(line: 1, fields: ["id", "note"]),
            Scanned(line: 2, fields: ["1", "a,b"]),
            Scanned(line: 4, fields: ["2", "x\"y\""]),
            Scanned(line: 5, fields: ["3", "l1\r\nl2\rl3\nl4"]),
            Scanned(line: 9, fields: ["4", ""]),
            Scanned(line: 11, fields: ["5", "tail\""]),
            Scanned(line: 12, fields: ["6", "open"], problem: .unterminatedQuote),
        ])
    }

    @Test(arguments: [1, 2, 3, 5, 7, 11])
    func anyChunkSizeGivesTheSameRows(chunkSize: Int) {
        #expect(Self.scan(Self.tricky, chunkSize: chunkSize) == Self.scan(Self.tricky, chunkSize: 1 << 16))
    }

    @Test func overlongRowIsFlaggedNotHeld() {
        let rows = Self.scan("a,b\n\"\(String(repeating: "x", count: 100))\",1\nc,d\n", chunkSize: 7, maxRowBytes: 50)
        #expect(rows.count == 3)
        #expect(rows[1].problem == .rowTooLong)
        #expect(rows[1].fields.joined().utf8.count <= 50)
        #expect(rows[2] == Scanned(line: 3, fields: ["c", "d"]))
    }

    /// A row without quotes that lies whole in a chunk is taken at once, eight bytes at a time;
    /// one byte at a time, every row goes through the state machine. Both give the same rows.
    @Test func rowsTakenAtOnceAreTheRowsTheStateMachineScans() {
        var generator = PhoneNormalizerDifferentialTests.Generator(state: 7)
        let pieces = ["a", "bc", "é", "日本", ",", ",", "\"", "\n", "\n", "\r", "\r\n", ";", " ", "0123456789", "x,y,z,w"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let maxRowBytes = Bool.random(using: &generator) ? 1 << 20 : 12
            // What an overlong row keeps depends on how it was cut (it is rejected whatever it holds).
            func scanned(_ chunkSize: Int) -> [Scanned] {
                Self.scan(text, chunkSize: chunkSize, maxRowBytes: maxRowBytes, endLines: true).map { row in
                    row.problem == .rowTooLong ? Scanned(line: row.line, fields: [], problem: row.problem, endLine: row.endLine) : row
                }
            }
            #expect(scanned(1 << 16) == scanned(1), "\(Array(text.utf8))")
        }
    }

    @Test func aRowWithoutQuotesIsTakenAtOnce() {
        var scanner = CSVRowScanner(delimiter: UInt8(ascii: ","))
        let input = Array("id,name,,tier\n\"1\",x\n".utf8)
        input.withUnsafeBufferPointer { buffer in
            var position = 0
            #expect(scanner.scanRow(buffer, position: &position))
            #expect(scanner.isASCII)
            #expect(scanner.bytes == Array("idnametier".utf8) && scanner.fieldEnds == [2, 6, 6, 10])
            // A quote: the state machine takes the row, and cannot tell it is ASCII.
            #expect(scanner.scanRow(buffer, position: &position))
            #expect(!scanner.isASCII)
            #expect(scanner.bytes == Array("1x".utf8) && scanner.fieldEnds == [1, 2])
        }
    }
}
