import Foundation
import SyncCore
import Testing

/// What a cron user runs into: overlapping runs, mass changes, an unreachable API, signals.
@Suite(.serialized) struct CLICronSafetyTests {
    static func expectedSubscriptions(_ count: Int) -> Set<String> {
        var expected = Set<String>()
        for i in 0..<count {
            expected.insert("TEXT \(SyncFixture.e164(i))")
            if i % 3 != 0 { expected.insert("EMAIL customer.\(i)@example.com") }
        }
        return expected
    }

    /// Waits until a run of `fixture`'s mapping holds the lock and its state records `count` TEXT
    /// subscriptions (or the process ended). It reads only local files, synchronously: under the
    /// full suite's load, async polls and HTTP look-ups of the mock were seen to come back only
    /// after the run was over.
    func waitForSubscriptions(_ count: Int, _ fixture: SyncFixture, while process: Process) {
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning, ContinuousClock.now < deadline {
            // Not `RunLock.isHeld`: its probe holds the lock for a moment, and a run starting then would find it taken.
            if FileManager.default.fileExists(atPath: fixture.statePath),
               let state = try? SQLiteStateStore(path: fixture.statePath),
               let recorded = try? state.fingerprints(mapping: "subs", scope: .subscription(.text, .marketing)).count,
               recorded >= count {
                return
            }
            usleep(10_000)
        }
    }

    /// Waits until a run of the mapping holds its lock (or the process ended): until it has
    /// written who it is into the lock file, read without probing the lock (which a run starting
    /// at that moment would find taken).
    func waitForLock(_ fixture: SyncFixture, while process: Process) {
        let deadline = ContinuousClock.now + .seconds(60)
        let lockFile = RunLock.path(statePath: fixture.statePath, mapping: "subs")
        while process.isRunning, ContinuousClock.now < deadline,
              (try? String(contentsOfFile: lockFile, encoding: .utf8))?.hasPrefix("\(process.processIdentifier)\n") != true {
            usleep(10_000)
        }
        #expect(RunLock.isHeld(statePath: fixture.statePath, mapping: "subs"))
    }

    @Test func twoRunsOfOneMappingAtOnceSendOnce() async throws {
        let mock = try MockProcess(["--latency-ms", "30"])
        let fixture = SyncFixture()
        // 150 people: 250 subscribes at 10/s keep the first run going for 25 s, long enough for the
        // commands below even under the full suite's load (60 people's 10 s was once not).
        let people = 150
        fixture.writeSubscribers(count: people, smsOptIn: { _ in "yes" })
        fixture.writeSubscriptionMapping()
        let first = try BackgroundCommand(["run", fixture.mappingPath, "--state", fixture.statePath, "--first-run"],
                                          environment: mock.environment())
        waitForSubscriptions(1, fixture, while: first.process)
        #expect(first.process.isRunning)
        // `history` and `plan` take no lock: they read while the run writes.
        let history = try fixture.run("history")
        #expect(history.status == 0)
        #expect(history.stdout.contains("run running"), "\(history.stdout)")
        let second = try fixture.run("run", ["--first-run"], environment: mock.environment())
        #expect(second.status == 3)
        #expect(second.stderr.contains("another run of 'subs' is in progress (held by pid \(first.process.processIdentifier) on "),
                "\(second.stderr)")
        #expect(second.stderr.contains("--wait"))
        #expect(try fixture.run("plan").status == 0)
        let finished = first.wait()
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")

        let subscribes = try await mock.appliedRequests("/subscriptions")
        #expect(subscribes.count == Self.expectedSubscriptions(people).count)
        #expect(subscribes.values.allSatisfy { $0 == 1 }, "\(subscribes.filter { $0.value > 1 })")
        #expect(try await mock.subscribed() == Self.expectedSubscriptions(people))
        #expect(try await mock.stats().int("duplicateSubscriptions") == 0)

        // `--wait` waits for a holder instead (a backfill resending 150 identity links at 10/s),
        // then finds nothing left to send.
        let holder = try BackgroundCommand(["run", fixture.mappingPath, "--state", fixture.statePath, "--full"], environment: mock.environment())
        waitForLock(fixture, while: holder.process)
        #expect(holder.process.isRunning)
        let waiting = try fixture.run("run", ["--wait", "60"], environment: mock.environment())
        #expect(holder.wait().status == 0)
        #expect(waiting.status == 0, "\(waiting.stderr)")
        #expect(waiting.stderr.contains("waiting for another run of the mapping to finish"), "\(waiting.stderr)")
        #expect(waiting.stdout.contains("Sent 0, failed 0"))
        #expect(try await mock.stats().requests("POST /identity-resolution/user-identifiers") == 2 * people)
    }

    @Test func aKilledHolderFreesTheLockAtOnceAndShowsAsInterrupted() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 40, smsOptIn: { _ in "yes" })
        fixture.writeSubscriptionMapping()
        let killed = try BackgroundCommand(["run", fixture.mappingPath, "--state", fixture.statePath, "--first-run"],
                                           environment: mock.environment())
        waitForSubscriptions(5, fixture, while: killed.process)
        killed.signal(SIGKILL)
        _ = killed.wait()
        let history = try fixture.run("history")
        #expect(history.stdout.contains("run interrupted"), "\(history.stdout)")
        #expect(!history.stdout.contains("running"))

        // A killed run's requests may still be landing: the rerun asks about them 2 s (twice the timeout) after they went out.
        let next = try fixture.run("run", ["--request-timeout", "1"], environment: mock.environment())
        #expect(next.status == 0, "\(next.stdout)\(next.stderr)")
        #expect(try await mock.subscribed() == Self.expectedSubscriptions(40))
        #expect(try await mock.appliedRequests("/subscriptions").values.allSatisfy { $0 == 1 })
    }

    @Test func aHeaderOnlyExportIsRefusedUnlessOverridden() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 12, smsOptIn: { _ in "yes" })
        fixture.writeSubscriptionMapping(onRemoved: "unsubscribe")
        #expect(try fixture.run("run", ["--first-run"], environment: mock.environment()).status == 0)

        fixture.writeSubscribers(count: 0, smsOptIn: { _ in "yes" })
        let plan = try fixture.run("plan")
        #expect(plan.status == 0)
        #expect(plan.stderr.contains("warning: run would refuse: the source"), "\(plan.stderr)")
        let refused = try fixture.run("run", environment: mock.environment())
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("has no rows"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-mass-change"))
        #expect(try await mock.stats().requests("POST /subscriptions/unsubscribe") == 0)

        let forced = try fixture.run("run", ["--allow-mass-change"], environment: mock.environment())
        #expect(forced.status == 0, "\(forced.stdout)")
        #expect(try await mock.subscribed().isEmpty)
    }

    @Test func aShortExportIsRefusedAboveMaxRemovals() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 30)
        fixture.write("""
            {"name": "it", "source": {"csv": {"path": "customers.csv"}}, "identity": {"phone": "phone"},
             "customAttributes": {"Tier": "tier"}, "onRemoved": {"customAttributes": "clear"}}
            """, to: fixture.mappingPath)
        #expect(try fixture.run("run", environment: mock.environment()).status == 0)
        fixture.writeCustomers(count: 20)
        let refused = try fixture.run("run", environment: mock.environment())
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("10 deletes of customAttributes, above --max-removals (10% of the 30 the state knows: 3)"),
                "\(refused.stderr)")
        #expect(try await mock.stats().requests("POST /attributes/custom") == 30)
        let allowed = try fixture.run("run", ["--max-removals", "10"], environment: mock.environment())
        #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
        #expect(try await mock.stats().requests("POST /attributes/custom") == 40)
    }

    @Test func aNewStateWouldTextEverySubscriberAndIsRefused() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 5, smsOptIn: { _ in "yes" })
        fixture.writeSubscriptionMapping()
        let refused = try fixture.run("run", environment: mock.environment())
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("this looks like a first run of 'subs'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("baseline"))
        #expect(try await mock.stats().totalRequests == 0)
        #expect(try fixture.run("history").stdout.contains("No runs of subs"))

        let sent = try fixture.run("run", ["--first-run"], environment: mock.environment())
        #expect(sent.status == 0, "\(sent.stdout)")
        #expect(try await mock.subscribed() == Self.expectedSubscriptions(5))
    }

    @Test func sigtermStopsCleanlyAndTheRerunSendsNothingTwice() async throws {
        let mock = try MockProcess(["--latency-ms", "40"])
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 60, smsOptIn: { _ in "yes" })
        fixture.writeSubscriptionMapping()
        let report = fixture.directory.appendingPathComponent("stopped.json").path
        let run = try BackgroundCommand(["run", fixture.mappingPath, "--state", fixture.statePath, "--first-run", "--report", report],
                                        environment: mock.environment())
        waitForSubscriptions(10, fixture, while: run.process)
        let signalled = ContinuousClock.now
        run.signal(SIGTERM)
        let stopped = run.wait()
        #expect(ContinuousClock.now - signalled < .seconds(30))
        #expect(stopped.status == 3, "\(stopped.stdout)\(stopped.stderr)")
        #expect(stopped.stdout.contains("Stopped: stopped by SIGTERM"), "\(stopped.stdout)")
        #expect(stopped.stdout.contains(" — interrupted"))
        #expect(stopped.stdout.contains("subscriptions: 100 planned → "))
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let result = written?["result"] as? [String: Any]
        #expect((result?["notAttempted"] as? Int ?? 0) > 0)
        #expect(result?["interrupted"] as? Bool == true)
        #expect(try fixture.run("history").stdout.contains("run interrupted"))

        let rerun = try fixture.run("run", environment: mock.environment())
        #expect(rerun.status == 0, "\(rerun.stdout)")
        let subscribes = try await mock.appliedRequests("/subscriptions")
        #expect(subscribes.values.allSatisfy { $0 == 1 }, "\(subscribes.filter { $0.value > 1 })")
        #expect(try await mock.subscribed() == Self.expectedSubscriptions(60))
    }

    @Test func aSecondSignalQuitsAtOnce() async throws {
        let mock = try MockProcess(["--latency-ms", "40"])
        let fixture = SyncFixture()
        fixture.writeSubscribers(count: 60, smsOptIn: { _ in "yes" })
        fixture.writeSubscriptionMapping()
        let run = try BackgroundCommand(["run", fixture.mappingPath, "--state", fixture.statePath, "--first-run", "--stop-timeout", "60"],
                                        environment: mock.environment())
        waitForSubscriptions(5, fixture, while: run.process)
        run.signal(SIGINT)
        usleep(20_000)
        run.signal(SIGINT)
        let quit = run.wait()
        #expect(quit.status == 128 + SIGINT, "\(quit.stdout)\(quit.stderr)")
        #expect(quit.stderr.contains("SIGINT again: quitting at once"))
        // Whatever it left half-done, the next run settles: nobody is subscribed twice.
        #expect(try fixture.run("run", ["--request-timeout", "1"], environment: mock.environment()).status == 0)
        #expect(try await mock.appliedRequests("/subscriptions").values.allSatisfy { $0 == 1 })
        #expect(try await mock.subscribed() == Self.expectedSubscriptions(60))
    }

    @Test func checkGivesUpOnASilentServerInTenSeconds() throws {
        // A listening socket nobody accepts on: the kernel completes the connection, no answer comes.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        #expect(bound)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let start = ContinuousClock.now
        let result = try attentiveSync(["check"], environment: ["ATTENTIVE_API_URL": "http://127.0.0.1:\(port)/v1", "ATTENTIVE_API_KEY": "k"])
        let took = ContinuousClock.now - start
        #expect(result.status == 3)
        #expect(took >= .seconds(9) && took < .seconds(15), "\(took)")
        #expect(result.stderr.contains("no complete answer from 127.0.0.1:\(port) within 10 s"), "\(result.stderr)")
    }

    @Test func aRefusedConnectionAbortsWithinSeconds() async throws {
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 200)
        fixture.writeMapping()
        let start = ContinuousClock.now
        let result = try fixture.run("run", environment: ["ATTENTIVE_API_URL": "http://127.0.0.1:1/v1", "ATTENTIVE_API_KEY": "k"])
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(result.status == 3)
        #expect(result.stdout.contains("Aborted: the API cannot be reached: cannot connect to 127.0.0.1:1: connection refused"),
                "\(result.stdout)")
        #expect(result.stdout.contains("Sent 0, failed 0, not attempted 200"))
        #expect(!result.stdout.contains("HTTPClientError"))
    }

    @Test func aReportIntoAMissingFolderIsRefusedBeforeSending() async throws {
        let mock = try MockProcess()
        let fixture = SyncFixture()
        fixture.writeCustomers(count: 5)
        fixture.writeMapping()
        let missing = fixture.directory.appendingPathComponent("no-such-folder/report.json").path
        let result = try fixture.run("run", ["--report", missing], environment: mock.environment())
        #expect(result.status == 2)
        #expect(result.stderr.contains("--report \(missing): the folder"), "\(result.stderr)")
        #expect(result.stderr.contains("does not exist"))
        let metrics = try fixture.run("run", ["--metrics-file", missing], environment: mock.environment())
        #expect(metrics.status == 2)
        #expect(try await mock.stats().totalRequests == 0)
    }
}
