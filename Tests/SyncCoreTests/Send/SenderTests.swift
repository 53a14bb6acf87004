import Logging
import Testing
@testable import SyncCore

/// The sender through the `AttentiveAPI` protocol: retries, aborts, lost answers, stops.
@Suite struct SenderTests {
    let directory = TemporaryDirectory()
    static let fast = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))

    func attributeChanges(_ count: Int) -> [Change] {
        (0..<count).map { i in
            let key = "+1212736\(5000 + i)"
            return Change(key: key, target: .customAttributes, operation: .create, user: UserIdentity(phone: key), line: i + 2,
                          request: .customAttributes(properties: #"{"Tier":"Gold"}"#), fields: [],
                          acknowledged: AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: UInt64(i + 1), payload: #"{"Tier":"Gold"}"#))
        }
    }

    func subscribe(_ i: Int) -> Change { .textSubscribe(i, plannerState: directory) }

    func send(_ changes: [Change], _ api: ScriptedAPI, configuration: SenderConfiguration = .init(retry: fast, settleDelay: .milliseconds(5)),
              before: (Sender) -> Void = { _ in }) async throws -> (SendResult, any StateStore) {
        let state = try SQLiteStateStore(path: directory.path("state.sqlite"))
        let sender = Sender(api: api, configuration: configuration, logger: Logger(label: "test"))
        before(sender)
        let result = await sender.send(ChangeSpool(changes), ledger: Sender.Ledger(state: state, mapping: "m"))
        return (result, state)
    }

    static let ok = APIReply(.acknowledged(status: 200, body: "{}"), rateLimit: RateLimitHeaders(limit: 150, remaining: 140))

    @Test func everyAcknowledgedChangeIsRecorded() async throws {
        let api = ScriptedAPI { _, _, _ in Self.ok }
        let (result, state) = try await send(attributeChanges(30), api)
        #expect(result.acknowledged == 30)
        #expect(result.targets[.customAttributes] == TargetProgress(planned: 30, sent: 30, failed: 0))
        #expect(result.requests["attributes"]?.requests == 30)
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes).count == 30)
    }

    @Test func aRunOfFailuresAbortsAndLeavesTheRestNotAttempted() async throws {
        let api = ScriptedAPI { _, _, _ in APIReply(.rejected(status: 400, message: "bad")) }
        var configuration = SenderConfiguration(defaultConcurrency: 1, retry: Self.fast)
        configuration.abortAfterConsecutiveFailures = 5
        let (result, state) = try await send(attributeChanges(40), api, configuration: configuration)
        #expect(result.failures.count == 5)
        #expect(result.abortReason?.contains("5 records in a row failed (last: 400: bad)") == true)
        #expect(result.notAttempted == 35)
        #expect(api.received.count == 5)
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes).isEmpty)
    }

    @Test func anUnreachableAPIAbortsAfterAFewRequests() async throws {
        let api = ScriptedAPI { _, _, _ in APIReply(.transportError("cannot connect to api.example.com:443: connection refused")) }
        let (result, _) = try await send(attributeChanges(100), api, configuration: .init(defaultConcurrency: 4, retry: Self.fast))
        #expect(result.abortReason == "the API cannot be reached: cannot connect to api.example.com:443: connection refused")
        #expect(result.acknowledged == 0)
        #expect(result.failures.isEmpty)
        #expect(result.notAttempted == 100)
        #expect(api.received.count <= 3 + 4)
    }

    @Test func transportErrorsAfterAnswersAreRetriedNotAborted() async throws {
        let api = ScriptedAPI { _, _, count in count % 2 == 1 ? APIReply(.transportError("reset")) : Self.ok }
        let (result, _) = try await send(attributeChanges(10), api, configuration: .init(defaultConcurrency: 1, retry: Self.fast))
        #expect(result.abortReason == nil)
        #expect(result.acknowledged == 10)
        #expect(result.requests["attributes"]?.retries == 9)
    }

    @Test func a429IsRetriedAndCounted() async throws {
        let api = ScriptedAPI { _, _, count in count == 0 ? APIReply(.rateLimited, rateLimit: RateLimitHeaders(limit: 150, remaining: 0)) : Self.ok }
        let (result, _) = try await send(attributeChanges(1), api)
        #expect(result.acknowledged == 1)
        #expect(result.requests["attributes"] == RequestCounts(requests: 2, rateLimited: 1, retries: 1))
    }

    @Test func aLostSubscribeAnswerIsCheckedNotResent() async throws {
        let subscribed = #"{"subscriptionEligibilities":[{"subscription":{"type":"MARKETING","channel":"TEXT"},"eligibility":{"isEligible":true}}]}"#
        let api = ScriptedAPI { endpoint, _, _ in
            endpoint == .subscriptions ? APIReply(.acknowledged(status: 200, body: subscribed)) : APIReply(.transportError("timeout"))
        }
        // An answer came before (so the run does not count the API as unreachable).
        let (result, state) = try await send([subscribe(0)], api) { sender in
            sender.monitor.received(.acknowledged(status: 200, body: ""), from: .me)
        }
        #expect(result.acknowledged == 1)
        #expect(result.notes.first?.note.contains("Attentive shows it applied") == true)
        #expect(api.requests(to: .subscribe).count == 1)
        #expect(try state.pendingIntents(mapping: "m").isEmpty)
    }

    @Test func aRefusedSubscribeDropsItsIntent() async throws {
        let api = ScriptedAPI { _, _, _ in APIReply(.rejected(status: 400, message: "invalid phone")) }
        let (result, state) = try await send([subscribe(0)], api)
        #expect(result.failures.map(\.reason) == ["400: invalid phone"])
        #expect(try state.pendingIntents(mapping: "m").isEmpty)
    }

    @Test func aStoppedSenderTakesNoNewWork() async throws {
        let api = ScriptedAPI { _, _, _ in Self.ok }
        let (result, _) = try await send(attributeChanges(20), api) { sender in sender.monitor.stop("stopped by SIGTERM") }
        #expect(api.received.isEmpty)
        #expect(result.interrupted)
        #expect(result.abortReason == "stopped by SIGTERM")
        #expect(result.notAttempted == 20)
        #expect(RunSummary.Status(result, rejected: 0) == .interrupted)
    }

    @Test func aRefusedKeyAbortsAtOnce() async throws {
        let api = ScriptedAPI { _, _, _ in APIReply(.unauthorized(status: 401)) }
        let (result, _) = try await send(attributeChanges(50), api, configuration: .init(defaultConcurrency: 1, retry: Self.fast))
        #expect(result.abortReason == "401: the API key was refused")
        #expect(api.received.count == 1)
        #expect(result.failures.isEmpty)
    }
}
