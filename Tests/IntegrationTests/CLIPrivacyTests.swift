import Foundation
import Testing

/// Customers' data stays the owner's, and secrets stay out of every message.
@Suite struct CLIPrivacyTests {
    func mode(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func foldersAreCreated0700AndFiles0600WhateverTheUmask() throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 3)
        fixture.writeMapping()
        let state = fixture.directory.appendingPathComponent("new/nested/state.sqlite").path
        let report = fixture.directory.appendingPathComponent("plan.txt").path
        FileManager.default.createFile(atPath: report, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        let command = "umask 000; '\(Executables.attentiveSync.path)' baseline '\(fixture.mappingPath)' --state '\(state)'"
            + " && '\(Executables.attentiveSync.path)' plan '\(fixture.mappingPath)' --state '\(state)' --output '\(report)'"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", command]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        #expect(mode(fixture.directory.appendingPathComponent("new").path) == 0o700)
        #expect(mode(fixture.directory.appendingPathComponent("new/nested").path) == 0o700)
        #expect(mode(state) == 0o600)
        #expect(mode(state + ".locks") == 0o700)
        #expect(mode(report) == 0o600)
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("customAttributes"))
    }

    @Test func anExistingStateReadableByOthersIsTightened() throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 3)
        fixture.writeMapping()
        #expect(try fixture.run("baseline").status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: fixture.statePath)
        #expect(try fixture.run("plan").status == 0)
        #expect(mode(fixture.statePath) == 0o600)
    }

    @Test func aStatePathThatIsASymbolicLinkIsRefused() throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 3)
        fixture.writeMapping()
        let target = fixture.directory.appendingPathComponent("elsewhere/state.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: fixture.statePath, withDestinationPath: target)
        let result = try fixture.run("baseline")
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("is a symbolic link, which is refused"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func badStatePathsGetASentenceNamingTheFile() throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 3)
        fixture.writeMapping()
        let empty = try attentiveSync(["plan", fixture.mappingPath, "--state", ""])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("the state path is empty"), "\(empty.stderr)")

        let file = fixture.directory.appendingPathComponent("file.json").path
        FileManager.default.createFile(atPath: file, contents: Data("{}".utf8))
        let underAFile = try attentiveSync(["plan", fixture.mappingPath, "--state", file + "/x"])
        #expect(underAFile.status == 2)
        #expect(underAFile.stderr.contains("cannot use \(file) as a folder: it is a file"), "\(underAFile.stderr)")
        #expect(!underAFile.stderr.contains("NSCocoaErrorDomain"))

        let corrupt = fixture.directory.appendingPathComponent("corrupt.sqlite").path
        FileManager.default.createFile(atPath: corrupt, contents: Data(repeating: 0x41, count: 4096), attributes: [.posixPermissions: 0o600])
        let result = try attentiveSync(["plan", fixture.mappingPath, "--state", corrupt])
        #expect(result.status == 3)
        #expect(result.stderr.contains("state file \(corrupt): "), "\(result.stderr)")
        #expect(result.stderr.contains("it is not an attentive-sync state"))
    }

    @Test func aKeyFileWithASecondLineIsRefusedUnshownAndOneNewlineIsTrimmed() async throws {
        let mock = try MockProcess(["--api-key", "sk_test_ABCDEF"])
        let fixture = SyncFixture()
        func keyFile(_ name: String, _ text: String) -> String {
            let path = fixture.directory.appendingPathComponent(name).path
            fixture.write(text, to: path)
            return path
        }
        let twoLines = keyFile("two-lines.key", "sk_test_ABCDEF\nsk_test_OTHER\n")
        let result = try attentiveSync(["check", "--api-key-file", twoLines], environment: ["ATTENTIVE_API_URL": mock.baseURL])
        #expect(result.status == 2)
        #expect(result.stderr.contains("the key is not shown"), "\(result.stderr)")
        #expect(!(result.stdout + result.stderr).contains("ABCDEF"))
        #expect(try await mock.stats().totalRequests == 0)

        for (name, text) in [("lf.key", "sk_test_ABCDEF\n"), ("crlf.key", "sk_test_ABCDEF\r\n"), ("bare.key", "sk_test_ABCDEF")] {
            let check = try attentiveSync(["check", "--api-key-file", keyFile(name, text)], environment: ["ATTENTIVE_API_URL": mock.baseURL])
            #expect(check.status == 0, "\(name): \(check.stderr)")
        }
    }

    @Test func aConnectionURIWithAnUnencodedAtNeverShowsThePassword() throws {
        let fixture = SyncFixture()
        for connection in ["postgresql://sync:pa55@w0rd-fragment@127.0.0.1:1/db", "postgresql://sync:pa55/w0rd-fragment@127.0.0.1:1/db"] {
            fixture.writePostgresMapping(["query": "SELECT 1", "connection": connection])
            let result = try fixture.run("plan")
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("percent-encode them"), "\(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("w0rd"))
            #expect(!(result.stdout + result.stderr).contains("pa55"))
        }
        fixture.writePostgresMapping(["query": "SELECT 1", "connection": "host=127.0.0.1 port=zz dbname=x"])
        let typo = try fixture.run("plan")
        #expect(typo.status == 2, "\(typo.stderr)")
        #expect(typo.stderr.contains("port 'zz' is not a number"), "\(typo.stderr)")
    }
}
