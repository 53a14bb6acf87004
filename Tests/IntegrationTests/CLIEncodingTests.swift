import Foundation
import Testing

/// An Excel export in windows-1252: rejected with the encoding named until the mapping says
/// it, then read exactly.
@Suite struct CLIEncodingTests {
    @Test func aWindows1252ExportIsNamedThenReadExactly() throws {
        let fixture = SyncFixture()
        let tiers = ["Crème", "Ümlaut “Gold”", "Bronze"]
        var csv = "phone,email,tier,ltv,vip\r\n"
        for i in 0..<3 { csv += "\(SyncFixture.phone(i)),c\(i)@example.com,\(tiers[i]),\(i),yes\r\n" }
        try #require(csv.data(using: .windowsCP1252)).write(to: URL(fileURLWithPath: fixture.csvPath))
        fixture.writeMapping()

        let unsaid = try fixture.run("plan", environment: ["NO_COLOR": "1"])
        #expect(unsaid.status == 0, "\(unsaid.stderr)")
        #expect(unsaid.stdout.contains("2 × not UTF-8 (windows-1252? set source.csv.encoding) — lines 2, 3"), "\(unsaid.stdout)")

        let mapping = try String(contentsOfFile: fixture.mappingPath, encoding: .utf8)
        fixture.write(mapping.replacingOccurrences(of: #"{"path": "customers.csv"}"#, with: #"{"path": "customers.csv", "encoding": "windows-1252"}"#),
                      to: fixture.mappingPath)
        let said = try fixture.run("plan", ["--format", "json"])
        #expect(said.status == 0, "\(said.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(said.stdout.utf8)) as? [String: Any])
        let changes = try #require(report["changes"] as? [[String: Any]])
        let sent = changes.compactMap { change in
            (change["fields"] as? [[String: Any]])?.first { $0["name"] as? String == "Tier" }?["new"] as? String
        }
        #expect(sent == tiers)
    }
}
