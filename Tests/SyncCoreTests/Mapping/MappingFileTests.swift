import Foundation
import Testing
@testable import SyncCore

/// Reading the mapping file itself: what is refused before it is read, in a sentence naming it.
@Suite struct MappingFileTests {
    let folder = TemporaryDirectory()

    /// What `load` and `loadAny` say of `path`.
    func loadError(_ path: String) -> [MappingError?] {
        var errors: [MappingError?] = []
        do {
            _ = try MappingLoader.load(path: path)
            errors.append(nil)
        } catch {
            errors.append(error)
        }
        do {
            _ = try MappingLoader.loadAny(path: path)
            errors.append(nil)
        } catch {
            errors.append(error)
        }
        return errors
    }

    @Test func aFileOverTenMegabytesIsRefusedUnread() throws {
        let path = folder.path("huge.json")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let file = try #require(FileHandle(forWritingAtPath: path))
        try file.truncate(atOffset: UInt64(10 << 20) + 1)
        try file.close()
        let refused = MappingError(file: path, path: "", reason: "is larger than 10 MB, the limit for a mapping file")
        #expect(loadError(path) == [refused, refused])

        let atTheLimit = folder.write("padded.json", #"{"name": "n"}"# + String(repeating: " ", count: (10 << 20) - 13))
        #expect(loadError(atTheLimit).map { $0?.reason } == ["missing key 'source'", "missing key 'source'"])
    }

    @Test func aDirectoryIsNamed() {
        let refused = MappingError(file: folder.url.path, path: "", reason: "is a directory, not a mapping file")
        #expect(loadError(folder.url.path) == [refused, refused])
        #expect(refused.description == "\(folder.url.path): is a directory, not a mapping file")
    }

    @Test func aMissingFileIsNamed() {
        let path = folder.path("missing.json")
        let refused = MappingError(file: path, path: "", reason: "cannot read the file: no such file")
        #expect(loadError(path) == [refused, refused])
    }

    @Test(.enabled(if: getuid() != 0, "root reads any file")) func anUnreadableFileIsNamed() throws {
        let path = folder.write("locked.json", "{}")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: path)
        let refused = MappingError(file: path, path: "", reason: "cannot read the file: permission denied")
        #expect(loadError(path) == [refused, refused])
    }
}
