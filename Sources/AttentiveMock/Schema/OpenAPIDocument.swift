import Foundation

/// The vendor's OpenAPI document, read once: its operations and a validator over its
/// schemas. The fake's routes come from here, so an endpoint the document declares
/// needs only a handler to be served.
public struct OpenAPIDocument: Sendable {
    /// Every operation the document declares, in path order.
    public let operations: [APIOperation]
    /// Validates values against the document's schemas (resolving its `$ref`s).
    public let validator: SchemaValidator

    /// Reads a copy of the vendor's documents bundled with the fake: `attentive-openapi`
    /// (v1) or `attentive-v2-openapi`.
    public static func bundled(_ name: String = "attentive-openapi") throws -> OpenAPIDocument {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try OpenAPIDocument(data: Data(contentsOf: url))
    }

    public init(data: Data) throws {
        let root = try JSONValue(parsing: data)
        validator = SchemaValidator(document: root)
        var operations: [APIOperation] = []
        for (path, item) in (root["paths"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            for method in ["get", "put", "post", "delete", "patch"] {
                guard let operation = item[method] else { continue }
                let body = operation["requestBody"]
                operations.append(APIOperation(
                    method: method.uppercased(),
                    pathTemplate: path,
                    operationID: operation["operationId"]?.stringValue ?? "\(method) \(path)",
                    requestBodySchema: body?["content"]?["application/json"]?["schema"],
                    requestBodyRequired: body?["required"]?.boolValue ?? false
                ))
            }
        }
        self.operations = operations
    }

    /// The operation serving `method` `path`, with its path parameters. Literal
    /// templates win over ones with placeholders.
    public func operation(method: String, path: String) -> (APIOperation, [String: String])? {
        let candidates = operations.filter { $0.method == method }
            .sorted { $0.pathTemplate.filter { $0 == "{" }.count < $1.pathTemplate.filter { $0 == "{" }.count }
        for operation in candidates {
            if let parameters = operation.match(path: path) { return (operation, parameters) }
        }
        return nil
    }

    /// Whether some operation has this path under another method (for 405 vs 404).
    public func hasPath(_ path: String) -> Bool {
        operations.contains { $0.match(path: path) != nil }
    }
}
