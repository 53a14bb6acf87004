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
        let state = try StateStore(path: path)
        #expect(try state.fingerprints(mapping: "m", scope: "customAttributes") == ["+12127365000": 7])
        #expect(try state.rowDigests(mapping: "m").isEmpty)
        #expect(try SQLiteDatabase(path: path).userVersion() == StateSchema.version)
        // Opening it again changes nothing.
        #expect(try StateStore(path: path).fingerprints(mapping: "m", scope: "customAttributes").count == 1)
    }

    @Test func aStateFromANewerVersionIsRefused() throws {
        let path = directory.path("new.sqlite")
        _ = try StateStore(path: path)
        try SQLiteDatabase(path: path).execute("PRAGMA user_version = \(StateSchema.version + 1)")
        let error = #expect(throws: SQLiteError.self) { try StateStore(path: path) }
        #expect(error?.description.contains("written by a newer attentive-sync") == true)
        #expect(error?.description.contains(path) == true)
    }
}
