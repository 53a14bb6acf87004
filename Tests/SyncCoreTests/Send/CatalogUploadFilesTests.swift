import Foundation
import Testing
@testable import SyncCore

@Suite struct CatalogUploadFilesTests {
    func write(_ lines: [String], limits: CatalogFileLimits) throws -> CatalogUploadFiles {
        let writer = CatalogFileWriter(limits: limits)
        for line in lines { try writer.append(line) }
        return try writer.finish()
    }

    @Test func splitsAtTheLineLimit() throws {
        let lines = (0..<10).map { "{\"id\":\"P\($0)\"}" }
        let upload = try write(lines, limits: CatalogFileLimits(maximumLines: 4, maximumBytes: 1 << 30))
        #expect(upload.files.map(\.lineCount) == [4, 4, 2])
        #expect(upload.files.map(\.firstChange) == [0, 4, 8])
        var read: [(Int, String)] = []
        try upload.forEachLine { read.append(($0, $1)) }
        #expect(read.map(\.0) == Array(0..<10))
        #expect(read.map(\.1) == lines)
    }

    @Test func splitsAtTheByteLimitCountingLineFeeds() throws {
        let lines = Array(repeating: String(repeating: "x", count: 9), count: 5)  // 10 bytes a line with its line feed
        let upload = try write(lines, limits: CatalogFileLimits(maximumLines: 100, maximumBytes: 25))
        #expect(upload.files.map(\.lineCount) == [2, 2, 1])
        #expect(upload.files.map(\.byteCount) == [20, 20, 10])
    }

    @Test func aDryRunCountsTheFilesWithoutWritingThem() throws {
        let writer = CatalogFileWriter(limits: CatalogFileLimits(maximumLines: 2, maximumBytes: 1 << 30), writes: false)
        for line in ["{}", "{}", "{}"] { try writer.append(line) }
        let upload = try writer.finish()
        #expect(upload.files.map(\.lineCount) == [2, 1])
        #expect(upload.files.allSatisfy { $0.path.isEmpty })
    }

    @Test func nothingToUploadMakesNoFile() throws {
        #expect(try write([], limits: .attentive).files.isEmpty)
    }

    @Test func theFilesGoAwayWithTheirValue() throws {
        var upload: CatalogUploadFiles? = try write(["{}"], limits: .attentive)
        let path = try #require(upload?.files.first?.path)
        #expect(FileManager.default.fileExists(atPath: path))
        upload = nil
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func attentiveLimitsAreTheDefaults() {
        #expect(CatalogFileLimits.attentive == CatalogFileLimits(maximumLines: 500_000, maximumBytes: 2_000_000_000))
    }
}
