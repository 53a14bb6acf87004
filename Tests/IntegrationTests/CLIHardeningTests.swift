import Foundation
import Testing

/// What an adversarial review found, against servers on loopback that misbehave: slow writes,
/// trickled answers, redirects, HTML where JSON belongs.
@Suite struct CLIHardeningTests {
    func writeTextSubscriptionMapping(_ fixture: SyncFixture) {
        fixture.write("""
            {"name": "subs", "source": {"csv": {"path": "customers.csv"}},
             "identity": {"phone": "phone"},
             "subscriptions": [{"channel": "TEXT", "type": "MARKETING", "signUpSourceId": "100", "optIn": "sms_opt_in"}]}
            """, to: fixture.mappingPath)
    }

    @Test func aSubscribeAnsweredAfterTheTimeoutIsNotSentTwice() async throws {
        // Every write lands 1.5 s after it arrives; the client gives up after 1 s.
        let mock = try MockProcess(["--write-latency-ms", "1500"])
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 3, smsOptIn: { _ in "yes" }, emailOptIn: { _ in "" })
        writeTextSubscriptionMapping(fixture)
        // No request is ever answered in time: the run gives up, leaving the three subscribes unknown, not resent.
        let first = try fixture.run("run", ["--first-run", "--request-timeout", "1"], environment: mock.environment())
        #expect(first.status == 3, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("whether it took effect is unknown until Attentive shows it: checked next run"), "\(first.stdout)")
        #expect(try await mock.stats().requests("POST /subscriptions") == 3)
        // The next run asks once they could have landed, finds them applied, and sends nothing.
        let next = try fixture.run("run", ["--request-timeout", "1"], environment: mock.environment())
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        #expect(next.stdout.contains("Sent 0, failed 0"), "\(next.stdout)")
        let subscribes = try await mock.appliedRequests("/subscriptions")
        #expect(subscribes.count == 3)
        #expect(subscribes.values.allSatisfy { $0 == 1 }, "\(subscribes)")
        #expect(try await mock.stats().requests("POST /subscriptions") == 3)
    }

    @Test func aTrickledAnswerIsCutOffAtTheDeadline() throws {
        let server = try MisbehavingServer(.trickle)
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 20)
        fixture.writeMapping()
        let start = ContinuousClock.now
        let result = try fixture.run("run", ["--request-timeout", "1", "--max-attempts", "1"], environment: server.environment())
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("no complete answer from 127.0.0.1:"), "\(result.stdout)")
    }

    @Test func aRedirectIsNeverFollowed() async throws {
        let elsewhere = try MisbehavingServer(.count)
        let api = try MisbehavingServer(.redirect(to: String(elsewhere.baseURL.dropLast(3))))
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 3)
        fixture.writeMapping()
        let report = fixture.directory.appendingPathComponent("r.json").path
        let result = try fixture.run("run", ["--report", report], environment: api.environment())
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Sent 0, failed 3"), "\(result.stdout)")
        let text = try String(contentsOfFile: report, encoding: .utf8)
        #expect(text.contains("307: the API answered with a redirect, which is not followed"))
        #expect(try await elsewhere.received() == 0)
        #expect(try fixture.run("plan").stdout.contains("3 create"))
    }

    @Test func checkRefusesAnHTMLPageForAnAnswer() throws {
        let server = try MisbehavingServer(.html)
        let result = try attentiveSync(["check"], environment: server.environment())
        #expect(result.status == 3)
        #expect(!result.stdout.contains("OK"))
        #expect(result.stderr.contains("answered 200 with something other than Attentive's answer"), "\(result.stderr)")
    }
}
