import Foundation
import Testing
@testable import SyncCore

@Suite struct StateSchemaTests {
    let directory = TemporaryDirectory()

    @Test func aStateOfTheFormatBeforeVersionsIsMigratedInPlace() throws {
        let path = directory.path("old.sqlite")
        // The file as attentive-sync wrote it before the schema had a version.
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute(StateSchema.migrations[0])
            try old.execute("INSERT INTO records VALUES ('m', 'customAttributes', '+12127365000', 7, '{\"Tier\":\"Gold\"}', '2026-11-01T00:00:00Z')")
            #expect(try old.userVersion() == 0)
        }
        let state = try SQLiteStateStore(path: path)
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes) == ["+12127365000": 7])
        #expect(try state.rowDigests(mapping: "m").isEmpty)
        #expect(try SQLiteDatabase(path: path).userVersion() == StateSchema.version)
        // Opening it again changes nothing.
        #expect(try SQLiteStateStore(path: path).fingerprints(mapping: "m", scope: .customAttributes).count == 1)
    }

    @Test func aNewStateHas16KiBPagesAndAnOlderFileKeepsItsOwn() throws {
        func pageSize(_ path: String) throws -> Int64 {
            let statement = try SQLiteDatabase(path: path).prepare("PRAGMA page_size")
            #expect(try statement.step())
            return statement.int64(0)
        }
        let new = directory.path("new-pages.sqlite")
        _ = try SQLiteStateStore(path: new)
        #expect(try pageSize(new) == 16384)
        let old = directory.path("old-pages.sqlite")
        do {
            let database = try SQLiteDatabase(path: old)
            try database.execute("PRAGMA page_size=4096")
            try database.execute(StateSchema.migrations[0])
            try database.execute("INSERT INTO records VALUES ('m', 'customAttributes', '+12127365000', 7, '{}', '2026-11-01T00:00:00Z')")
        }
        let state = try SQLiteStateStore(path: old)
        #expect(try state.fingerprints(mapping: "m", scope: .customAttributes) == ["+12127365000": 7])
        #expect(try pageSize(old) == 4096)
    }

    @Test func aStateWithOneDigestPerKeyIsMigratedKeepingItsDigests() throws {
        let path = directory.path("v2.sqlite")
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute(StateSchema.migrations[0] + StateSchema.migrations[1] + "PRAGMA user_version = 2;")
            try old.execute("INSERT INTO row_digests VALUES ('m', '+12127365000', -5, 6, 3)")
        }
        let state = try SQLiteStateStore(path: path)
        #expect(try state.rowDigests(mapping: "m").all == [RowDigest(high: UInt64(bitPattern: -5), low: 6): .init(key: "+12127365000", counted: 3)])
        // The key may now hold several digests.
        let superseded = RowDigest(high: 1, low: 2)
        try state.recordDigests(mapping: "m", [.init(key: "+12127365000", digest: RowDigest(high: 7, low: 7), counted: 3, superseded: [superseded])])
        #expect(try state.rowDigests(mapping: "m").all[superseded] == .init(key: "+12127365000", counted: nil))
    }

    @Test func aStateOfVersion3IsMigratedKeepingItsDigestsWithoutWarnings() throws {
        let path = directory.path("v3.sqlite")
        do {
            let old = try SQLiteDatabase(path: path)
            try old.execute(StateSchema.migrations[0...2].joined() + "PRAGMA user_version = 3;")
            try old.execute("INSERT INTO row_digests VALUES ('m', '+12127365000', 1, 2, 3), ('m', '+12127365000', 4, 5, NULL)")
        }
        let state = try SQLiteStateStore(path: path)
        #expect(try state.rowDigests(mapping: "m").all == [
            RowDigest(high: 1, low: 2): .init(key: "+12127365000", counted: 3, warned: false),
            RowDigest(high: 4, low: 5): .init(key: "+12127365000", counted: nil, warned: false),
        ])
        let rejected = RejectedRow(digest: RowDigest(high: 9, low: 9), reason: "phone: empty")
        try state.recordRejections(mapping: "m", [rejected])
        #expect(try state.rowDigests(mapping: "m").rejected == [rejected.digest: rejected])
        try state.recordRejections(mapping: "m", [])
        #expect(try state.rowDigests(mapping: "m").rejected.isEmpty)
    }

    @Test func aStateFromANewerVersionIsRefused() throws {
        let path = directory.path("new.sqlite")
        _ = try SQLiteStateStore(path: path)
        try SQLiteDatabase(path: path).execute("PRAGMA user_version = \(StateSchema.version + 1)")
        let error = #expect(throws: SQLiteError.self) { try SQLiteStateStore(path: path) }
        #expect(error?.description.contains("written by a newer attentive-sync") == true)
        #expect(error?.description.contains(path) == true)
    }
}
