import Foundation
import SyncCore
import Testing

/// `state export` / `state import`: a state moves SQLite → PostgreSQL → SQLite exactly, and
/// the moved state carries on where the old one left off.
@Suite(.serialized) struct CLIStateMoveTests {
    let schema = "moved_" + UUID().uuidString.prefix(8).lowercased()

    /// Fills a SQLite state with a real run and with a row in every table the run leaves empty.
    func fill(_ fixture: SyncFixture, _ mock: MockProcess) throws {
        let first = try fixture.run("run", environment: mock.environment())
        #expect(first.status == 0, "\(first.stderr)")
        let state = try SQLiteStateStore(path: fixture.statePath)
        let run = try state.beginRun(mapping: "it", command: "run")
        try state.finishRun(id: run, summary: RunSummary(status: .completedWithFailures, failed: 2), failures: [
            RecordFailure(target: .customAttributes, key: "+12127365001", reason: "400: second"),
            RecordFailure(target: .customAttributes, key: "+12127365000", reason: "400: first\tand a tab"),
        ])
        _ = try state.recordIntent(mapping: "it", scope: .subscription(.text, .marketing), key: "+12127365002", operation: .subscribe,
                                   user: #"{"phone":"+12127365002"}"#, payload: #"{"status":"subscribed"}"#)
        let entry = BulkSubmission.Entry(position: 0, signature: "phone:+12127365003", operation: .update,
                                         acknowledged: AcknowledgedRecord(scope: .customAttributes, key: "+12127365003", fingerprint: UInt64.max, payload: nil))
        let submission = try state.recordSubmission(mapping: "it", kind: .users, [SubmittedChange(entry, intentUser: "{}")])
        try state.recordJob(submission: submission.id, jobID: "job-1")
        try state.recordWatermark(mapping: "orders", "2026-12-01T00:00:00Z")
        try state.recordDigests(mapping: "it", [SettledRow(key: "+12127365004", digest: RowDigest(high: 1, low: UInt64.max), counted: 1,
                                                           superseded: [RowDigest(high: 2, low: 2)], warned: [RowDigest(high: 2, low: 2)])])
        try state.recordRejections(mapping: "it", [RejectedRow(digest: RowDigest(high: UInt64.max, low: 1), reason: "phone: empty", key: "é\"\\")])
    }

    @Test func aStateMovesBetweenStoresExactly() async throws {
        let server = try await PostgresServer.shared()
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 20)
        fixture.writeMapping()
        try fill(fixture, mock)
        let url = server.login.url + "?schema=\(schema)"
        let file = { (name: String) in fixture.directory.appendingPathComponent(name).path }

        let exported = try attentiveSync(["state", "export", "--state", fixture.statePath, "--output", file("a.jsonl")])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stderr.contains("records 20"), "\(exported.stderr)")
        let a = try String(contentsOfFile: file("a.jsonl"), encoding: .utf8)
        // Every table is in it.
        for table in StateTable.allCases { #expect(a.contains(#""table":"\#(table.rawValue)""#), "\(table)") }
        #expect((try FileManager.default.attributesOfItem(atPath: file("a.jsonl"))[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let imported = try attentiveSync(["state", "import", "--state", url, "--input", file("a.jsonl")])
        #expect(imported.status == 0, "\(imported.stderr)")
        let fromPostgres = try attentiveSync(["state", "export", "--state", url])
        #expect(fromPostgres.status == 0, "\(fromPostgres.stderr)")
        #expect(fromPostgres.stdout == a)
        // And back into a new file.
        #expect(try attentiveSync(["state", "import", "--state", file("back.sqlite")], stdin: Data(fromPostgres.stdout.utf8)).status == 0)
        #expect(try attentiveSync(["state", "export", "--state", file("back.sqlite")]).stdout == a)

        // The moved state carries on: nothing to send, and its new run comes after the old ones.
        let rerun = try attentiveSync(["run", fixture.mappingPath, "--state", url], environment: mock.environment())
        #expect(rerun.stdout.contains("0 create, 0 update, 0 delete, 20 unchanged"), "\(rerun.stdout) \(rerun.stderr)")
        let runs = try PostgresStateStore(PostgresConnectionString(server.login.connectionString), schema: schema).runs(mapping: "it")
        #expect(runs.count == 3 && runs[0].id > runs[1].id && runs[1].id > runs[2].id)

        // A state that holds rows is not imported into.
        let again = try attentiveSync(["state", "import", "--state", url, "--input", file("a.jsonl")])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already holds a state"), "\(again.stderr)")
    }

    @Test func aDamagedExportImportsNothingAndNamesItsLine() throws {
        let fixture = SyncFixture()
        fixture.writeMapping()
        let path = fixture.directory.appendingPathComponent("damaged.jsonl").path
        fixture.write(StateDumpLine.header + "\n" + #"{"row":["it","customAttributes","+12127365000",1,"{}","2026-12-01T00:00:00Z"],"table":"records"}"#
                      + "\n" + #"{"row":["it","customAttributes"],"table":"records"}"# + "\n", to: path)
        let result = try attentiveSync(["state", "import", "--state", fixture.statePath, "--input", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("damaged.jsonl, line 3: a records row has 2 values, not 6; nothing was imported"), "\(result.stderr)")
        #expect(!result.stderr.contains("+12127365000"))
        #expect(try SQLiteStateStore(path: fixture.statePath).fingerprints(mapping: "it", scope: .customAttributes).isEmpty)
        let notAnExport = try attentiveSync(["state", "import", "--state", fixture.statePath, "--input", fixture.mappingPath])
        #expect(notAnExport.status == 2 && notAnExport.stderr.contains("line 1: not an export of attentive-sync's state"), "\(notAnExport.stderr)")
    }
}
