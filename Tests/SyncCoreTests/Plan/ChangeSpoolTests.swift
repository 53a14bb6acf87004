import Foundation
import Testing
@testable import SyncCore

@Suite struct ChangeSpoolTests {
    /// One change of every request shape, with optional parts present and absent, non-ASCII text included.
    func changes(_ round: Int) -> [Change] {
        let key = "+1212736\(String(format: "%04d", round))"
        let text = SubscriptionRef(channel: .text, type: .marketing, address: key)
        let email = SubscriptionRef(channel: .email, type: .checkoutAbandoned, address: "zoë\(round)@example.com")
        return [
            Change(key: key, target: .customAttributes, operation: .create, user: UserIdentity(phone: key, email: "zoë\(round)@example.com"),
                   line: round + 2, request: .customAttributes(properties: "{\"Tier\":\"Gold ✨\",\"n\":\(round)}"), fields: [],
                   acknowledged: AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: UInt64.max - UInt64(round),
                                                    payload: "{\"Tier\":\"Gold ✨\",\"n\":\(round)}")),
            Change(key: key, target: .customAttributes, operation: .update, user: UserIdentity(phone: key), line: nil,
                   request: .customAttributes(properties: "{\"VIP\":null}"),
                   fields: [FieldChange(name: "VIP", old: .boolean(true), new: nil), FieldChange(name: "LTV", old: .number("1.5"), new: .number("1e3")),
                            FieldChange(name: "Flag", old: nil, new: .boolean(false)), FieldChange(name: "", old: .string(""), new: .string("\n\"é\""))],
                   acknowledged: AcknowledgedRecord(scope: .customAttributes, key: key, fingerprint: 0, payload: "{}")),
            Change(key: key, target: .subscriptions, operation: .subscribe, user: UserIdentity(phone: key), line: 1,
                   request: .subscribe(text, signUpSourceId: "src-\(round)"), fields: [FieldChange(name: "TEXT MARKETING", old: nil, new: .string("subscribed"))],
                   acknowledged: AcknowledgedRecord(scope: .subscription(.text, .marketing), key: key, fingerprint: 7, payload: "{\"s\":1}")),
            Change(key: key, target: .subscriptions, operation: .unsubscribe, user: UserIdentity(email: email.address), line: 3,
                   request: .unsubscribe(email), fields: [],
                   acknowledged: AcknowledgedRecord(scope: .subscription(.email, .checkoutAbandoned), key: email.address, fingerprint: 9, payload: nil),
                   checkFirst: true),
            Change(key: key, target: .identityLinks, operation: .update, user: UserIdentity(phone: key), line: 4,
                   request: .identify(links: ["shopifyId": "s\(round)", "clientUserId": "ü\(round)"]), fields: [],
                   acknowledged: AcknowledgedRecord(scope: .identityLinks, key: key, fingerprint: 11, payload: "{\"clientUserId\":\"ü\"}")),
            Change(key: "sku-\(round)", target: .products, operation: .delete, user: UserIdentity(), line: nil, request: .catalogProduct,
                   fields: [], acknowledged: AcknowledgedRecord(scope: .product, key: "sku-\(round)", fingerprint: 0, payload: nil)),
        ]
    }

    @Test func changesComeBackAsTheyWentInFromMemoryAndFromTheFile() throws {
        let directory = TemporaryDirectory()
        let spool = ChangeSpool(directory: directory.url.path)
        var written: [Change] = []
        // Past the first flush: the early changes are read from the file, the late ones from memory.
        for round in 0..<3_000 {
            for change in changes(round) {
                try spool.append(change)
                written.append(change)
            }
        }
        #expect(spool.count == written.count)
        #expect(spool.bytesInFile >= UInt64(ChangeSpool.flushSize))
        #expect(Array(spool) == written)
        #expect(spool[0] == written[0])
        #expect(spool[written.count - 1] == written.last)
        #expect(spool[9_001] == written[9_001])
        #expect(Array(IteratorSequence(spool.makeIterator(from: 12_345))) == Array(written[12_345...]))
        var entries: [(Target, Change.Operation)] = []
        spool.forEachEntry { entries.append(($0.target, $0.operation)) }
        #expect(entries.map(\.0) == written.map(\.target))
        #expect(entries.map(\.1) == written.map(\.operation))
        // The file holding them is unlinked as soon as it is made: nothing to leave behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == [])
    }

    @Test func aFolderThatCannotBeWrittenIsAClearErrorOnceTheChangesOutgrowMemory() throws {
        let spool = ChangeSpool(directory: "/nonexistent/attentive-sync")
        let error = #expect(throws: ChangeSpoolError.self) {
            for round in 0..<5_000 { for change in changes(round) { try spool.append(change) } }
        }
        #expect(error?.description.contains("/nonexistent/attentive-sync") == true)
        #expect(error?.description.contains("TMPDIR") == true)
    }
}
