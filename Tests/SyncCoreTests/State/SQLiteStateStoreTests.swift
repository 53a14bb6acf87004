import Foundation
import Testing
@testable import SyncCore

@Suite struct SQLiteStateStoreTests {
    @Test func createsTheFileReadableByItsOwnerOnly() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("nested/state.sqlite")
        _ = try SQLiteStateStore(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    /// Each statement is prepared once per connection, and none is left holding a read open
    /// after a call: another connection can checkpoint the whole log.
    @Test func statementsArePreparedOnceAndLeaveNoReadOpen() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("s.sqlite")
        let store = try SQLiteStateStore(path: path)
        try store.acknowledge(mapping: "m", [AcknowledgedRecord(scope: .customAttributes, key: "k", fingerprint: 1, payload: "{}")])
        // Both step a statement once and stop while it still has a row.
        _ = try store.rowDigests(mapping: "m")
        #expect(try store.payloadText(mapping: "m", scope: .customAttributes, key: "k") == "{}")
        let other = try SQLiteDatabase(path: path)
        let checkpoint = try other.prepare("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(try checkpoint.step())
        #expect(checkpoint.int64(0) == 0, "a reader held the log: the checkpoint was blocked")
        #expect(try other.prepare("PRAGMA wal_checkpoint(TRUNCATE)") === checkpoint)
        other.resetStatements()
    }

}
