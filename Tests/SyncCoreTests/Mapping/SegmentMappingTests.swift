import Foundation
import Testing
@testable import SyncCore

/// `segments` in a mapping: loaded with their key paths in errors.
@Suite struct SegmentMappingTests {
    func load(_ segments: String, onRemoved: String = "") throws(MappingError) -> Mapping {
        try MappingLoader.parse(Data("""
            {"name": "s", "source": {"csv": {"path": "c.csv"}}, "identity": {"phone": "phone"},
             "segments": \(segments)\(onRemoved)}
            """.utf8), file: "m.json", baseDirectory: "/maps")
    }

    func error(_ segments: String) -> MappingError? {
        do {
            _ = try load(segments)
            return nil
        } catch {
            return error
        }
    }

    @Test func segmentsLoadWithAColumnOrEveryRow() throws {
        let mapping = try load("""
            [{"externalId": "vip", "name": "VIPs", "member": {"column": "is_vip", "type": "boolean"}},
             {"externalId": "all", "name": "Everyone", "member": {"value": true}},
             {"externalId": "fans", "name": "Fans", "member": "fan"}]
            """)
        #expect(mapping.segments == [
            SegmentMapping(externalId: "vip", name: "VIPs", member: ValueReference(origin: .column("is_vip"), type: .boolean)),
            SegmentMapping(externalId: "all", name: "Everyone", member: ValueReference(origin: .constant("true"), type: .boolean)),
            SegmentMapping(externalId: "fans", name: "Fans", member: ValueReference(origin: .column("fan"), type: .boolean)),
        ])
        #expect(mapping.onRemoved.segments == .remove)
        #expect(mapping.referencedColumns == ["phone", "is_vip", "fan"])
        #expect(try load(#"[{"externalId": "a", "name": "A", "member": "m"}]"#, onRemoved: #", "onRemoved": {"segments": "ignore"}"#).onRemoved.segments == .ignore)
    }

    @Test(arguments: [
        (#"[{"name": "A", "member": "m"}]"#, "segments.0", "missing key 'externalId'"),
        (#"[{"externalId": "a", "member": "m"}]"#, "segments.0", "missing key 'name'"),
        (#"[{"externalId": "a", "name": "A"}]"#, "segments.0", "missing key 'member'"),
        (#"[{"externalId": "", "name": "A", "member": "m"}]"#, "segments.0.externalId", nil),
        (#"[{"externalId": "a", "name": "A", "member": {"value": false}}]"#, "segments.0.member", "a constant membership can only be {\"value\": true}: every row a member"),
        (#"[{"externalId": "a", "name": "A", "member": {"column": "m", "type": "string"}}]"#, "segments.0.member.type", "membership is read as a boolean"),
        (#"[{"externalId": "a", "name": "A", "member": "m"}, {"externalId": "a", "name": "B", "member": "n"}]"#, "segments.1.externalId", "segment 'a' is mapped twice"),
        (#"[{"externalId": "a", "name": "A", "member": "m", "colour": 1}]"#, "segments.0.colour", nil),
    ] as [(String, String, String?)])
    func mistakesAreNamedByTheirPath(_ segments: String, _ path: String, _ reason: String?) {
        let found = error(segments)
        #expect(found?.path == path)
        if let reason { #expect(found?.reason == reason) }
    }
}
