import Foundation

/// Parses a request body and checks it against its operation's schema.
enum RequestBodyCheck {
    /// The parsed body (`nil` when none was sent and none is required), or the first
    /// schema violation. A body that is not JSON counts as a violation too.
    static func check(_ data: Data, for operation: APIOperation, validator: SchemaValidator) -> Result<JSONValue?, SchemaViolation> {
        let isBlank = data.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if isBlank {
            return operation.requestBodyRequired ? .failure(SchemaViolation(path: "$", reason: "a JSON request body is required")) : .success(JSONValue?.none)
        }
        let body: JSONValue
        do {
            body = try JSONValue(parsing: data)
        } catch {
            return .failure(SchemaViolation(path: "$", reason: "the request body is not valid JSON"))
        }
        if let schema = operation.requestBodySchema, let first = validator.violations(of: body, against: schema).first {
            return .failure(first)
        }
        return .success(body)
    }
}
