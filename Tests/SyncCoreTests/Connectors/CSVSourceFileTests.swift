import Foundation
import Testing
@testable import SyncCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("CSVSource: files, gzip, stdin and errors")
struct CSVSourceFileTests {
    @Test func readsGzipTransparently() throws {
        let fixture = try CSVFixture()
        let path = try fixture.writeGzip("phone,email\r\n2127365000,\"a@example.com\"\r\n4155552671,b@example.com")
        let source = try CSVSource(path: path)
        #expect(source.columns == ["phone", "email"])
        #expect(try CSVFixture.drain(source) == [
            .row(line: 2, fields: ["2127365000", "a@example.com"]),
            .row(line: 3, fields: ["4155552671", "b@example.com"]),
        ])
    }

    @Test func truncatedGzipIsAnError() throws {
        let fixture = try CSVFixture()
        let body = (0..<20_000).map { "\($0),customer-\($0)@example.com\n" }.joined()
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture.writeGzip("id,email\n" + body)))
        let path = try fixture.write(Array(whole.prefix(whole.count / 2)), to: "cut.csv.gz")
        let source = try CSVSource(path: path)
        #expect(throws: CSVSourceError.self) { _ = try CSVFixture.drain(source) }
    }

    @Test func dashReadsStandardInput() throws {
        let fixture = try CSVFixture()
        let path = try fixture.write("a,b\n1,2\n")
        let file = open(path, O_RDONLY)
        let savedStdin = dup(STDIN_FILENO)
        #expect(file >= 0 && savedStdin >= 0)
        // The source takes its own copy of fd 0 when it opens, so stdin is restored at once.
        dup2(file, STDIN_FILENO)
        let source = Result { try CSVSource(path: "-") }
        dup2(savedStdin, STDIN_FILENO)
        close(savedStdin)
        close(file)

        let stdinSource = try source.get()
        #expect(stdinSource.description == "stdin")
        #expect(stdinSource.columns == ["a", "b"])
        #expect(try CSVFixture.drain(stdinSource) == [.row(line: 2, fields: ["1", "2"])])
    }

    @Test func missingFileErrorNamesThePath() throws {
        let fixture = try CSVFixture()
        let path = fixture.directory.appendingPathComponent("customers.csv").path
        let error = #expect(throws: CSVSourceError.self) { try CSVSource(path: path) }
        #expect(error?.description == "\(path): no such file")
    }

    @Test func directoryIsAnError() throws {
        let fixture = try CSVFixture()
        let error = #expect(throws: CSVSourceError.self) { try CSVSource(path: fixture.directory.path) }
        #expect(error?.description == "\(fixture.directory.path): a folder, not a file: give a CSV file, a named pipe, or - for stdin")
    }

    @Test func aDeviceIsRefusedRatherThanReadForever() {
        let error = #expect(throws: CSVSourceError.self) { try CSVSource(path: "/dev/zero") }
        #expect(error?.description == "/dev/zero: a character device, not a file: give a CSV file, a named pipe, or - for stdin")
    }

    @Test func aNamedPipeIsRead() throws {
        let fixture = try CSVFixture()
        let pipe = fixture.directory.appendingPathComponent("export.pipe").path
        #expect(mkfifo(pipe, 0o600) == 0)
        Thread.detachNewThread {
            let handle = FileHandle(forWritingAtPath: pipe)
            handle?.write(Data("phone\n2127365000\n".utf8))
            try? handle?.close()
        }
        let source = try CSVSource(path: pipe)
        #expect(source.columns == ["phone"])
        guard case .row(_, let fields)? = try source.next() else { Issue.record("no row"); return }
        #expect(fields == ["2127365000"])
    }

    @Test func emptyFileErrorNamesThePath() throws {
        let fixture = try CSVFixture()
        let path = try fixture.write("", to: "empty.csv")
        let error = #expect(throws: CSVSourceError.self) { try CSVSource(path: path) }
        #expect(error?.description == "\(path): empty file, no header row")
    }

    @Test func blankLinesOnlyIsEmpty() throws {
        let fixture = try CSVFixture()
        let path = try fixture.write("\n\r\n\n", to: "blank.csv")
        #expect(throws: CSVSourceError.self) { try CSVSource(path: path) }
    }

    @Test func invalidHeaderIsAnError() throws {
        let fixture = try CSVFixture()
        let path = try fixture.write([UInt8(ascii: "a"), 0xFF, UInt8(ascii: "\n")], to: "bad.csv")
        let error = #expect(throws: CSVSourceError.self) { try CSVSource(path: path) }
        #expect(error?.description == "\(path): header row: not UTF-8 (windows-1252? set source.csv.encoding)")
    }

    @Test func headerOnlyHasNoRows() throws {
        let (columns, rows) = try CSVFixture().read("a,b\n")
        #expect(columns == ["a", "b"])
        #expect(rows.isEmpty)
    }

    /// Rows straddle the 256 KiB read buffer at every kind of byte: inside quotes, on a
    /// doubled quote, between CR and LF.
    @Test func rowsAcrossBufferBoundaries() throws {
        var text = "id,note,tail\r\n"
        var expected: [SourceRow] = []
        var line = 2
        for i in 0..<30_000 {
            let note = i % 3 == 0 ? "multi\r\nline \"\(i)\"" : "plain \(i)"
            let quoted = "\"" + note.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            text += "\(i),\(quoted),end\r\n"
            expected.append(.row(line: line, fields: ["\(i)", note, "end"]))
            line += i % 3 == 0 ? 2 : 1
        }
        let fixture = try CSVFixture()
        for path in [try fixture.write(text), try fixture.writeGzip(text)] {
            let source = try CSVSource(path: path)
            #expect(try CSVFixture.drain(source) == expected)
        }
    }
}
