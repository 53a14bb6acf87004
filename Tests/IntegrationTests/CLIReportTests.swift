import Foundation
import SyncCore
import Testing

/// The reports of a generated day-1 export, checked against what the test itself changed: the
/// summary's numbers, the JSON report against `reports/report.schema.json`, ndjson, the text's
/// size, and the HTML page in headless Chromium.
@Suite struct CLIReportTests {
    static let customers = 3_000
    static let tiers = ["Bronze", "Silver", "Gold"]
    static let schema = Executables.packageRoot.appendingPathComponent("reports/report.schema.json")

    /// Day 0 baselined; day 1 moves every 7th customer to Platinum, adds 10 to every 5th one's
    /// LTV, gives every 11th an invalid email (a warning: sent by phone alone), adds 30 rows
    /// without a usable phone or email and repeats customers 1 and 2.
    func dayOne() throws -> SyncFixture {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: Self.customers)
        fixture.writeMapping()
        let baseline = try fixture.run("baseline")
        #expect(baseline.status == 0, "\(baseline.stderr)")
        var csv = "phone,email,tier,ltv,vip\r\n"
        for i in 0..<Self.customers {
            let tier = i % 7 == 0 ? "Platinum" : Self.tiers[i % 3]
            let email = i % 11 == 0 ? "customer.\(i) at example.com" : "Customer.\(i)@Example.com"
            csv += "\(SyncFixture.phone(i)),\(email),\(tier),\(i % 5 == 0 ? i + 10 : i).50,\(i % 2 == 0 ? "yes" : "N")\r\n"
        }
        for i in 0..<30 { csv += "12\(i),,Gold,1,yes\r\n" }
        for i in 1...2 { csv += "\(SyncFixture.phone(i)),Customer.\(i)@Example.com,\(i % 7 == 0 ? "Platinum" : Self.tiers[i % 3]),\(i).50,\(i % 2 == 0 ? "yes" : "N")\r\n" }
        fixture.write(csv, to: fixture.csvPath)
        return fixture
    }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func theSummaryMatchesAnIndependentCountAndTheReportItsSchema() throws {
        let fixture = try dayOne()
        let path = fixture.directory.appendingPathComponent("plan.json").path
        let plan = try fixture.run("plan", ["--format", "json", "--output", path])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(try SchemaCheck.check(schema: Self.schema, [path]) == ["valid \(path)"])
        let report = try json(path)
        let people = 0..<Self.customers
        let platinum = people.filter { $0 % 7 == 0 }, richer = people.filter { $0 % 5 == 0 }
        let counts = try #require((report["counts"] as? [String: Any])?["customAttributes"] as? [String: Int])
        #expect(counts["update"] == people.count { $0 % 7 == 0 || $0 % 5 == 0 } && counts["create"] == 0 && counts["rejected"] == 30)

        let summary = try #require(report["summary"] as? [String: Any])
        let comparedWith = try #require(summary["comparedWith"] as? [String: Any])
        #expect(comparedWith["command"] as? String == "baseline" && comparedWith["status"] as? String == "succeeded")
        let fields = try #require(summary["fields"] as? [[String: Any]])
        #expect(fields.map { $0["name"] as? String } == ["LTV", "Tier"])
        #expect(fields[0]["keys"] as? Int == richer.count)
        let spread = try #require(fields[0]["spread"] as? [String: Any])
        #expect(spread["min"] as? Double == 10 && spread["max"] as? Double == 10 && spread["count"] as? Int == richer.count)
        #expect(fields[1]["keys"] as? Int == platinum.count)
        let transitions = try #require(fields[1]["transitions"] as? [[String: Any]])
        var expected: [String: Int] = [:]
        for i in platinum { expected["\(Self.tiers[i % 3]) → Platinum", default: 0] += 1 }
        #expect(Dictionary(uniqueKeysWithValues: transitions.map { ("\($0["old"] as? String ?? "") → \($0["new"] as? String ?? "")", $0["count"] as? Int ?? 0) }) == expected)
        let reasons = try #require(summary["rejectedReasons"] as? [[String: Any]])
        #expect(reasons.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 30)
        #expect(reasons.first?["firstLines"] as? [Int] == [3002, 3003, 3004, 3005, 3006])
        #expect((report["duplicates"] as? [[String: Any]])?.count == 2)
        let warned = people.filter { $0 % 11 == 0 }
        let warnings = try #require(report["warnings"] as? [[String: Any]])
        #expect(warnings.map { $0["line"] as? Int } == warned.map { $0 + 2 })
        #expect(warnings.allSatisfy { $0["reason"] as? String == "email: not a valid address" })
        let warningReasons = try #require(summary["warningReasons"] as? [[String: Any]])
        #expect(warningReasons.count == 1 && warningReasons[0]["count"] as? Int == warned.count)
        #expect(warningReasons[0]["firstLines"] as? [Int] == [2, 13, 24, 35, 46])

        // ndjson: the same changes, one a line.
        let lines = try fixture.run("plan", ["--format", "ndjson"])
        let changes = try #require(report["changes"] as? [[String: Any]])
        let parsed = lines.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(parsed.count == changes.count && parsed.map { $0["key"] as? String } == changes.map { $0["key"] as? String })
    }

    @Test func theTextReportFitsATerminal() throws {
        let fixture = try dayOne()
        let text = try fixture.run("plan", ["--limit", "20"], environment: ["NO_COLOR": "1"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count <= 40 && lines.allSatisfy { $0.count <= 80 }, "\(text.stdout)")
        #expect(text.stdout.contains("Compared with run 1: baseline"))
        #expect(text.stdout.contains("  Tier: 429 keys"))
        #expect(text.stdout.contains("  273 × email: not a valid address — lines 2, 13, 24, 35, 46, …"), "\(text.stdout)")
        #expect(text.stdout.contains("  LTV: 600 keys; values 10.5 to 3005.5; change +10 each"), "\(text.stdout)")
    }

    @Test func historyFitsATerminalAndComesAsJSON() throws {
        let fixture = try dayOne()
        let text = try fixture.run("history")
        #expect(text.status == 0 && text.stdout.contains("baseline succeeded, "), "\(text.stdout)")
        #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text.stdout)")
        let json = try fixture.run("history", ["--format", "json", "--failures"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let runs = try #require(document["runs"] as? [[String: Any]])
        #expect(runs.count == 1 && runs[0]["command"] as? String == "baseline" && runs[0]["status"] as? String == "succeeded")
        #expect(runs[0]["create"] as? Int == Self.customers && (runs[0]["failures"] as? [Any])?.isEmpty == true)
    }

    @Test func aRunReportValidatesWithItsResult() throws {
        let mock = try MockProcess()
        let fixture = try dayOne()
        let path = fixture.directory.appendingPathComponent("run.json").path
        let run = try fixture.run("run", ["--report", path], environment: mock.environment())
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(try SchemaCheck.check(schema: Self.schema, [path]) == ["valid \(path)"])
        #expect((try json(path)["result"] as? [String: Any])?["sent"] as? Int == (0..<Self.customers).count { $0 % 7 == 0 || $0 % 5 == 0 })
    }

    @Test(.enabled(if: Chromium.path != nil, "Chromium is not installed: scripts/test-tools.sh installs it from Debian's packages"))
    func theHTMLReportRendersInHeadlessChromium() throws {
        let fixture = try dayOne()
        let page = fixture.directory.appendingPathComponent("plan.html").path
        #expect(try fixture.run("plan", ["--output", page, "--format", "html"]).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("<link"))
        let screenshot = fixture.directory.appendingPathComponent("plan.png").path
        let shot = try Chromium.run(["--screenshot=\(screenshot)", "--window-size=1200,1600", URL(fileURLWithPath: page).absoluteString])
        #expect(!shot.stderr.contains("CONSOLE"), "\(shot.stderr)")
        let size = try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int
        #expect((size ?? 0) > 10_000)
        let dom = try Chromium.run(["--dump-dom", URL(fileURLWithPath: page).absoluteString])
        #expect(!dom.stderr.contains("CONSOLE"), "\(dom.stderr)")
        let updates = (0..<Self.customers).count { $0 % 7 == 0 || $0 % 5 == 0 }
        #expect(dom.stdout.contains("<td class=\"n\">\(updates.grouped)</td>") && dom.stdout.contains("<svg"))
        #expect(dom.stdout.contains("Changes to customAttributes: \(updates.grouped)"))
    }
}

extension Int {
    /// `1234` → `1,234`, as the reports write counts.
    var grouped: String {
        self < 1000 ? String(self) : (self / 1000).grouped + "," + String(format: "%03d", self % 1000)
    }
}

/// Headless Chromium from Debian's package, for the HTML report.
enum Chromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ arguments: [String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}
