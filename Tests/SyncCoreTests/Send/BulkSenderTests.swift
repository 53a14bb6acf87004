import Foundation
import Logging
import Synchronization
import Testing
@testable import SyncCore

/// Bulk mode's pieces: records, batches, the results file, and the sender through a scripted API.
@Suite struct BulkSenderTests {
    let directory = TemporaryDirectory()
    static let fast = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2))

    func attributes(_ i: Int, email: String? = nil) -> Change {
        let key = "+1212736\(5000 + i)"
        return Change(key: key, target: .customAttributes, operation: .create, user: UserIdentity(phone: key, email: email), line: i + 2,
                      request: .customAttributes(properties: #"{"Tier":"Gold"}"#), fields: [],
                      acknowledged: AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: UInt64(i + 1), payload: #"{"Tier":"Gold"}"#))
    }

    func links(_ i: Int) -> Change {
        let key = "+1212736\(5000 + i)"
        return Change(key: key, target: .identityLinks, operation: .create, user: UserIdentity(phone: key), line: i + 2,
                      request: .identify(links: ["clientUserId": "C\(i)", IdentityLinksMapping.customPrefix + "loyaltyId": "L-\(i)"]), fields: [],
                      acknowledged: AcknowledgedRecord(scope: .identityLinks, key: key, fingerprint: 9, payload: "{}"))
    }

    @Test func aRecordCarriesAPersonsAttributesSubscribesAndLinks() {
        let record = BulkRecord(key: "+12127365000", changes: [attributes(0, email: "a@example.com"), .textSubscribe(0, plannerState: directory), links(0)])
        #expect(record.json == """
            {"identifiers":{"phone":"+12127365000","email":"a@example.com","clientUserId":"C0","customIdentifiers":[{"key":"loyaltyId","value":"L-0"}]},\
            "attributes":{"custom":{"Tier":"Gold"}},"subscriptions":[{"signUpSourceId":"7","channel":"TEXT","subscriptionType":"MARKETING"}]}
            """)
        #expect(record.carriesSubscriptions)
        #expect(record.withoutSubscriptions?.carriesSubscriptions == false)
        #expect(record.withoutSubscriptions?.changes.count == 2)
    }

    @Test func batchesGroupEachPersonsChangesAndLeaveOutHeldOnesAndUnsubscribes() throws {
        let subscribe = Change.textSubscribe(1, plannerState: directory)
        var unsubscribe = Change.textSubscribe(2, plannerState: directory)
        unsubscribe.operation = .unsubscribe
        unsubscribe.request = .unsubscribe(unsubscribe.subscription!)
        // Planned target by target, as the planner does: attributes of 0, 1, 2, then subscribes, then links.
        let spool = ChangeSpool([attributes(0), attributes(1), attributes(2), subscribe, unsubscribe, links(0), links(2), links(3)])
        let held: Set<String> = [Sender.Ledger.name(scope: .identityLinks, key: "+12127365002")]
        let ledger = Sender.Ledger(state: try SQLiteStateStore(path: directory.path("s.sqlite")), mapping: "m", held: held)
        let batches = BulkBatches(spool, ledger: ledger, size: 3)
        #expect(batches.recordCount == 4)
        let first = try #require(batches.next())
        #expect(first.map(\.key) == ["+12127365000", "+12127365001", "+12127365002"])
        #expect(first.map { $0.changes.map(\.target) } == [[.customAttributes, .identityLinks], [.customAttributes, .subscriptions], [.customAttributes]])
        #expect(try #require(batches.next()).map(\.key) == ["+12127365003"])
        #expect(batches.next() == nil)
    }

    @Test func theResultsFileIsReadDefensively() {
        let file = """
            {"request":{"identifiers":{"phone":"+12127365000"}},"response":{"statusCode":200,"message":"OK"}}
            {"request":{"identifiers":{"phone":"+12127365001","email":"b@example.com"}},"response":{"statusCode":400,"message":"attribute 'Tier' is number"}}

            not json at all
            {"request":{"identifiers":{"phone":"+12127365002"}},"response":{"message":"no status"}}
            {"request":{"identifiers":{"phone":"+12127365003"}},"response":{"statusCode":"200"}}
            {"request":{},"response":{"statusCode":200}}
            {"request":{"identifiers":{"phone":"+12127365000"}},"response":{"statusCode":500}}
            """
        let outcomes = BulkResults.outcomes(in: file)
        #expect(outcomes == [
            BulkRecord.signature(phone: "+12127365000", email: nil): [.succeeded, .failed("500: no message")],
            BulkRecord.signature(phone: "+12127365001", email: "b@example.com"): [.failed("400: attribute 'Tier' is number")],
        ])
    }

    /// A scripted bulk endpoint: each submit makes job `job-N`; `status(N, polls)` answers its
    /// looks; `results(N, body)` its results file from the submitted body.
    func api(status: @escaping @Sendable (Int, Int) -> String = { _, _ in #"{"status":"COMPLETED","url":"https://files.example.com/r"}"# },
             results: @escaping @Sendable (String) -> String) -> ScriptedAPI {
        let submitted = Mutex<[String]>([])
        let looks = Mutex<[String: Int]>([:])
        return ScriptedAPI { endpoint, body, _ in
            switch endpoint.name {
            case "bulk":
                let n = submitted.withLock { $0.append(body ?? ""); return $0.count }
                return APIReply(.acknowledged(status: 202, body: #"{"batchJobId":"job-\#(n)"}"#))
            case "bulkJob":
                let n = Int(endpoint.path.split(separator: "-").last ?? "") ?? 0
                let seen = looks.withLock { $0["\(n)", default: 0] += 1; return $0["\(n)"]! }
                return APIReply(.acknowledged(status: 200, body: status(n, seen)))
            case "download":
                return APIReply(.acknowledged(status: 200, body: results(submitted.withLock { $0.last ?? "" })))
            default:
                return APIReply(.rejected(status: 404, message: "not scripted: \(endpoint)"))
            }
        }
    }

    /// Each submitted record's result line, `statusCode` from `status(phone)`; nil leaves its line out.
    static func lines(of body: String, status: (String) -> Int?) -> String {
        let users = ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["users"] as? [[String: Any]] ?? []
        return users.compactMap { user -> String? in
            let phone = (user["identifiers"] as? [String: Any])?["phone"] as? String ?? ""
            guard let code = status(phone) else { return nil }
            let request = String(decoding: try! JSONSerialization.data(withJSONObject: user), as: UTF8.self)
            return #"{"request":\#(request),"response":{"statusCode":\#(code),"message":"m\#(code)"}}"#
        }.joined(separator: "\n")
    }

    func send(_ changes: [Change], _ api: ScriptedAPI, wait: Duration = .seconds(5)) async throws -> (SendResult, SQLiteStateStore) {
        let state = try SQLiteStateStore(path: directory.path("state.sqlite"))
        let configuration = SenderConfiguration(retry: Self.fast, settleDelay: .milliseconds(5), bulkWait: wait, bulkPollInterval: .milliseconds(2))
        let sender = Sender(api: api, configuration: configuration, logger: Logger(label: "test"))
        return (await sender.send(ChangeSpool(changes), ledger: Sender.Ledger(state: state, mapping: "m"), bulk: true), state)
    }

    @Test func eachChangeIsSettledFromItsRecordsLineAndOnlyASuccessAcknowledges() async throws {
        // 0 succeeds; 1 fails; 2 has no line: its attributes are planned again, its subscribe waits for GET /subscriptions.
        let api = api { body in Self.lines(of: body) { ["+12127365000": 200, "+12127365001": 400][$0] } }
        let changes = [attributes(0), attributes(1), attributes(2), .textSubscribe(0, plannerState: directory), .textSubscribe(2, plannerState: directory)]
        let (result, state) = try await send(changes, api)
        #expect(result.acknowledged == 2)
        #expect(result.failures.map(\.key).sorted() == ["+12127365001", "+12127365002"])
        #expect(result.failures.first { $0.key == "+12127365001" }?.reason == "400: m400")
        #expect(result.failures.first { $0.key == "+12127365002" }?.reason == "job job-1 has no result for the record: sent again next run")
        #expect(result.pending == 1)
        #expect(result.bulkJobs == 1 && result.bulkRecords == 3)
        #expect(result.targets[.customAttributes]?.inBulk == 3 && result.targets[.subscriptions]?.inBulk == 2)
        #expect(result.notes == [ChangeNote(key: "+12127365002", target: .subscriptions,
                                            note: "pending: job job-1 has no result for the record: checked with GET /subscriptions")])
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes).keys.sorted() == ["+12127365000"])
        #expect(try state.pendingSubmissions(mapping: "m").isEmpty)
        let intents = try state.pendingIntents(mapping: "m")
        #expect(intents.map(\.key) == ["+12127365002"])
        #expect(intents.first?.bulk == true)
    }

    @Test func aJobStillRunningWhenTheWaitEndsIsLeftPendingInTheState() async throws {
        let api = api(status: { _, _ in #"{"status":"IN_PROGRESS"}"# }) { _ in "" }
        let (result, state) = try await send([attributes(0), .textSubscribe(0, plannerState: directory)], api, wait: .milliseconds(200))
        #expect(result.pending == 2)
        #expect(result.acknowledged == 0 && result.failures.isEmpty)
        #expect(api.requests(to: .bulkJob(id: "job-1")).count >= 1)
        let pending = try state.pendingSubmissions(mapping: "m")
        #expect(pending.map(\.jobID) == ["job-1"])
        #expect(pending.first?.changes.map(\.acknowledged.scope) == [.customAttributes, .subscription(.text, .marketing)])
        // Its subscribe's intent belongs to the job: not settled with GET /subscriptions while it runs.
        #expect(try state.pendingIntents(mapping: "m").isEmpty)
    }

    @Test func aLostAnswerWithSubscribesAboardIsNotSentAgainButTheRestIs() async throws {
        let submits = Mutex(0)
        let api = ScriptedAPI { endpoint, body, _ in
            switch endpoint.name {
            case "bulk":
                let n = submits.withLock { $0 += 1; return $0 }
                if n == 1 { return APIReply(.serverError(status: 502)) }
                #expect(body?.contains("subscriptions") == false)
                return APIReply(.acknowledged(status: 202, body: #"{"batchJobId":"job-2"}"#))
            case "bulkJob": return APIReply(.acknowledged(status: 200, body: #"{"status":"COMPLETED","url":"https://files.example.com/r"}"#))
            default: return APIReply(.acknowledged(status: 200, body: Self.lines(of: #"{"users":[{"identifiers":{"phone":"+12127365000"}}]}"#) { _ in 200 }))
            }
        }
        let (result, state) = try await send([attributes(0), .textSubscribe(0, plannerState: directory)], api)
        #expect(submits.withLock { $0 } == 2)
        #expect(result.acknowledged == 1)
        #expect(result.pending == 1)
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes).keys.sorted() == ["+12127365000"])
        #expect(try state.pendingIntents(mapping: "m").map(\.key) == ["+12127365000"])
    }

    @Test func aJobAttentiveNoLongerHasLeavesItsAttributesToBeSentAgainAndItsSubscribesToBeAsked() async throws {
        let api = ScriptedAPI { endpoint, _, _ in
            endpoint.name == "bulk" ? APIReply(.acknowledged(status: 202, body: #"{"batchJobId":"job-1"}"#)) : APIReply(.rejected(status: 404, message: "gone"))
        }
        let (result, state) = try await send([attributes(0), .textSubscribe(0, plannerState: directory)], api)
        #expect(result.failures.map(\.reason) == ["Attentive no longer knows job job-1 (results are kept two weeks): sent again next run"])
        #expect(result.pending == 1)
        #expect(try state.pendingSubmissions(mapping: "m").isEmpty)
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes).isEmpty)
        #expect(try state.pendingIntents(mapping: "m").map(\.bulk) == [true])
    }

    @Test func aLostBulkSubscribeIsAskedAboutOnlyOnceTheJobCouldHaveRun() async throws {
        let state = try SQLiteStateStore(path: directory.path("state.sqlite"))
        let subscribe = Change.textSubscribe(0, plannerState: directory)
        _ = try state.recordSubmission(mapping: "m", kind: .users, [
            SubmittedChange(BulkSubmission.Entry(position: 0, signature: BulkRecord.signature(phone: subscribe.key, email: nil),
                                                 operation: .subscribe, acknowledged: subscribe.acknowledged),
                            intentUser: RequestBody.user(subscribe.user)),
        ])
        // The submission's answer was lost: it is settled with nothing known, its intent kept.
        let submission = try #require(try state.pendingSubmissions(mapping: "m").first)
        try state.settleSubmissions(mapping: "m", [BulkSettlement(submission: submission.id)])
        let api = ScriptedAPI { _, _, _ in
            APIReply(.acknowledged(status: 200, body: #"{"subscriptionEligibilities":[{"subscription":{"type":"MARKETING","channel":"TEXT"},"eligibility":{"isEligible":true}}]}"#))
        }
        func resolve(after delay: Duration) async throws -> IntentResolver.Outcome {
            let sender = Sender(api: api, configuration: SenderConfiguration(bulkSettleDelay: delay), logger: Logger(label: "test"))
            return try await IntentResolver(sender: sender).resolve(mapping: "m", state: state)
        }
        #expect(try await resolve(after: .seconds(3600)) == IntentResolver.Outcome(waiting: 1))
        #expect(api.received.isEmpty)
        #expect(try state.pendingIntents(mapping: "m").count == 1)
        #expect(try await resolve(after: .zero) == IntentResolver.Outcome(applied: 1))
        #expect(api.requests(to: .subscriptions).count == 1)
        #expect(try state.pendingIntents(mapping: "m").isEmpty)
        #expect(try state.payloadText(mapping: "m", scope: .subscription(.text, .marketing), key: subscribe.key) == subscribe.acknowledged.payload)
    }
}
