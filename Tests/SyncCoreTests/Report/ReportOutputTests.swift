import Foundation
import Testing
@testable import SyncCore

@Suite struct ReportOutputTests {
    /// Writing in place, not by replacing the file: what keeps `--output /dev/null` from
    /// turning `/dev/null` into a regular file when run as root.
    @Test func writesThroughASymlinkAndTruncates() throws {
        let directory = TemporaryDirectory()
        let target = directory.write("target.json", "an older, longer report")
        let link = directory.path("link.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        do {
            let out = try ReportOutput(path: link)
            out.write("{}\n")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "{}\n")
    }

    @Test func anUnwritablePathIsAConfigurationError() {
        #expect(throws: ConfigurationError.self) { try ReportOutput(path: "/no/such/folder/report.json") }
    }
}
