import Foundation
import Testing
@testable import SyncCore

@Suite struct OutputPathTests {
    let directory = TemporaryDirectory()

    @Test func acceptsANewFileAnExistingOneAndADevice() {
        #expect(throws: Never.self) { try OutputPath.checkWritable(directory.path("report.json"), option: "--report") }
        let existing = directory.write("report.json", "{}")
        #expect(throws: Never.self) { try OutputPath.checkWritable(existing, option: "--report") }
        #expect(throws: Never.self) { try OutputPath.checkWritable("/dev/null", option: "--report") }
    }

    @Test func refusesAMissingFolder() {
        let path = directory.path("reports/x.json")
        let error = #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(path, option: "--report") }
        #expect(error?.description
                == "--report \(path): the folder '\(directory.path("reports"))' does not exist; create it or choose another path (nothing was sent)")
    }

    @Test func refusesAFileAsTheFolder() {
        let file = directory.write("plain", "x")
        let error = #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(file + "/r.json", option: "--metrics-file") }
        #expect(error?.description == "--metrics-file \(file)/r.json: '\(file)' is not a folder; choose another path (nothing was sent)")
        // Deeper: a file on the way to the folder.
        #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(file + "/sub/r.json", option: "--metrics-file") }
    }

    @Test func refusesAFolderAsTheFile() {
        let error = #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(directory.url.path, option: "--output") }
        #expect(error?.description.hasPrefix("--output \(directory.url.path): not a regular file") == true)
    }

    @Test(.disabled(if: geteuid() == 0, "as root access(2) allows writing in any folder, read-only or not"))
    func refusesAReadOnlyFolderOrFile() throws {
        let folder = directory.path("read-only")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
        defer { chmod(folder, 0o755) }
        let error = #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(folder + "/m.prom", option: "--metrics-file") }
        #expect(error?.description.contains("the folder '\(folder)' cannot be written (Permission denied)") == true)
        let file = directory.write("read-only.json", "{}")
        chmod(file, 0o444)
        let fileError = #expect(throws: ConfigurationError.self) { try OutputPath.checkWritable(file, option: "--report") }
        #expect(fileError?.description.contains("the file cannot be written (Permission denied)") == true)
    }
}
