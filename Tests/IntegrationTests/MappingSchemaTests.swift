import Foundation
import Testing

/// `mappings/mapping.schema.json` describes what the loader takes: every shipped mapping is valid
/// under it (checked by Python's jsonschema from the tests' virtual environment), and the shapes
/// the loader refuses are refused by the schema too.
@Suite struct MappingSchemaTests {
    static let mappings = Executables.packageRoot.appendingPathComponent("mappings")

    static func check(_ files: [String]) throws -> [String] {
        try SchemaCheck.check(schema: mappings.appendingPathComponent("mapping.schema.json"), files)
    }

    @Test func everyShippedMappingIsValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.mappings.path)
            .filter { $0.hasSuffix(".json") && $0 != "mapping.schema.json" }.sorted()
        #expect(files.contains("events.json") && files.contains("catalog.json") && files.count >= 5)
        let lines = try Self.check(files.map { Self.mappings.appendingPathComponent($0).path })
        #expect(lines == files.map { "valid " + Self.mappings.appendingPathComponent($0).path })
    }

    @Test(arguments: [
        ("mixes events with customer targets", #""customAttributes": {"Tier": "tier"}, "customEvents": [{"type": {"value": "Shipped"}, "externalEventId": "id"}]"#),
        ("a custom event without an id", #""customEvents": [{"type": {"value": "Shipped"}}]"#),
        ("a duration without a unit", #""customEvents": [{"type": {"value": "Shipped"}, "externalEventId": "id"}], "maxAge": "48""#),
        ("a forbidden character in a property name", #""customEvents": [{"type": {"value": "Shipped"}, "externalEventId": "id", "properties": {"a,b": "c"}}]"#),
        ("a purchase without a price", #""purchases": {"orderId": "order_id", "item": {"productId": "p", "productVariantId": "v"}}"#),
    ])
    func refused(_ what: String, _ body: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attentive-sync-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mapping.json")
        try #"{"name": "x", "source": {"csv": {"path": "x.csv"}}, "identity": {"phone": "phone"}, \#(body)}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let lines = try Self.check([file.path])
        #expect(lines.count == 1 && lines[0].hasPrefix("invalid \(file.path): "), "\(what): \(lines)")
    }
}
