import Foundation
import Logging
import Synchronization
import Testing
@testable import SyncCore

/// A subscribe whose answer is slow or odd is never sent twice: the check waits for the request
/// to land, and reads only the documented answer.
@Suite struct SlowOrOddAnswerTests {
    let directory = TemporaryDirectory()
    static let subscribed = #"{"subscriptionEligibilities":[{"subscription":{"type":"MARKETING","channel":"TEXT"},"eligibility":{"isEligible":true}}]}"#
    static let notSubscribed = #"{"subscriptionEligibilities":[]}"#

    func subscribe() -> Change { .textSubscribe(plannerState: directory) }

    func send(_ api: ScriptedAPI, settleDelay: Duration, state name: String = "state.sqlite") async throws -> (SendResult, any StateStore) {
        let state = try SQLiteStateStore(path: directory.path(name))
        let configuration = SenderConfiguration(retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2)),
                                                settleDelay: settleDelay)
        let sender = Sender(api: api, configuration: configuration, logger: Logger(label: "test"))
        // An answer came before (so the run does not count the API as unreachable).
        sender.monitor.received(.acknowledged(status: 200, body: ""), from: .me)
        return (await sender.send([subscribe()], ledger: Sender.Ledger(state: state, mapping: "m")), state)
    }

    /// A subscribe that times out and lands 300 ms after it went out.
    static func slowAPI() -> ScriptedAPI {
        let landsAt = Mutex<ContinuousClock.Instant?>(nil)
        return ScriptedAPI { endpoint, _, _ in
            switch endpoint {
            case .subscribe:
                landsAt.withLock { $0 = $0 ?? .now + .milliseconds(300) }
                return APIReply(.transportError("no complete answer from api.example.com:443 within 30 s"))
            default:
                let landed = landsAt.withLock { $0.map { $0 <= .now } ?? false }
                return APIReply(.acknowledged(status: 200, body: landed ? subscribed : notSubscribed))
            }
        }
    }

    @Test func aSlowSubscribeIsCheckedOnceItCouldHaveLanded() async throws {
        let api = Self.slowAPI()
        let (result, state) = try await send(api, settleDelay: .milliseconds(600))
        #expect(api.requests(to: .subscribe).count == 1)
        #expect(result.acknowledged == 1)
        #expect(result.notes.first?.note.contains("Attentive shows it applied") == true)
        #expect(try state.pendingIntents(mapping: "m").isEmpty)
    }

    @Test func oddAnswersToTheCheckLeaveTheSubscribeUnknownNotResent() async throws {
        for (index, odd) in ["<html><body>502 Bad Gateway</body></html>", #"{"status":"ok"}"#,
                    #"{"subscriptionEligibilities":[{"subscription":{"type":"MARKETING","channel":"TEXT"},"eligibility":{"isEligible":"false"}}]}"#].enumerated() {
            let api = ScriptedAPI { endpoint, _, _ in
                endpoint == .subscribe ? APIReply(.transportError("reset")) : APIReply(.acknowledged(status: 200, body: odd))
            }
            let (result, state) = try await send(api, settleDelay: .milliseconds(5), state: "odd-\(index).sqlite")
            #expect(api.requests(to: .subscribe).count == 1, "\(odd)")
            #expect(result.failures.first?.reason.contains("checked next run") == true)
            #expect(try state.pendingIntents(mapping: "m").count == 1)
        }
    }

    @Test func theCheckReadsOnlyTheDocumentedShape() {
        let text = SubscriptionRef(channel: .text, type: .marketing, address: "+12127365000")
        #expect(SubscriptionCheck.holds(text, in: Self.subscribed) == true)
        #expect(SubscriptionCheck.holds(text, in: Self.notSubscribed) == false)
        #expect(SubscriptionCheck.holds(text, in: #"{"subscriptionEligibilities":[{"subscription":{"type":"MARKETING","channel":"EMAIL"},"eligibility":{"isEligible":true}}]}"#) == false)
        #expect(SubscriptionCheck.holds(text, in: "<!doctype html><p>Service Unavailable") == nil)
        #expect(SubscriptionCheck.holds(text, in: "[]") == nil)
        #expect(SubscriptionCheck.holds(text, in: #"{"subscriptionEligibilities":{}}"#) == nil)
        #expect(SubscriptionCheck.holds(text, in: #"{"subscriptionEligibilities":[{"subscription":{"type":"MARKETING","channel":"TEXT"}}]}"#) == nil)
        #expect(SubscriptionCheck.holds(text, in: #"{"subscriptionEligibilities":[{"subscription":{"type":"MARKETING","channel":"TEXT"},"eligibility":{"isEligible":1}}]}"#) == nil)
    }

    @Test func anIntentOfARunThatJustEndedIsAskedAboutOnceItCouldHaveLanded() async throws {
        let api = Self.slowAPI()
        let state = try SQLiteStateStore(path: directory.path("state.sqlite"))
        _ = await api.send(.subscribe, body: "{}", query: nil)
        _ = try state.recordIntent(mapping: "m", subscribe())
        let sender = Sender(api: api, configuration: SenderConfiguration(settleDelay: .milliseconds(1500)), logger: Logger(label: "test"))
        let outcome = try await IntentResolver(sender: sender).resolve(mapping: "m", state: state)
        #expect(outcome == IntentResolver.Outcome(applied: 1, notApplied: 0))
        #expect(try state.pendingIntents(mapping: "m").isEmpty)
    }
}
