import Testing
@testable import SyncCore

@Suite("CSVRowScanner: chunk boundaries")
struct CSVRowScannerTests {
    /// A scanned row: line, fields as text, problem.
    struct Scanned: Equatable {
        var line: Int
        var fields: [String]
        var problem: CSVRowScanner.Problem?
    }

    static let tricky = "id,\"note\"\r\n1,\"a,b\"\r\n\r\n2,\"x\"\"y\"\"\"\n3,\"l1\r\nl2\rl3\nl4\"\r4,\"\"\n\n5,\"tail\"\"\"\r\n6,\"open"

    /// Feeds `text` to a scanner `chunkSize` bytes at a time.
    static func scan(_ text: String, chunkSize: Int, maxRowBytes: Int = 1 << 20) -> [Scanned] {
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
            rows.append(Scanned(line: scanner.rowLine, fields: fields, problem: scanner.problem))
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
}
