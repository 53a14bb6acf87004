/// One operation of the vendor's API as its OpenAPI document declares it.
public struct APIOperation: Sendable, Hashable {
    /// Upper-case HTTP method, e.g. `POST`.
    public var method: String
    /// The path as declared, with `{name}` placeholders, e.g. `/product-catalog/uploads/{uploadId}`.
    public var pathTemplate: String
    /// The document's `operationId`, e.g. `postCustomAttributes`.
    public var operationID: String
    /// The `application/json` request body schema, if the operation takes a body.
    public var requestBodySchema: JSONValue?
    /// Whether a body must be sent.
    public var requestBodyRequired: Bool

    public init(method: String, pathTemplate: String, operationID: String, requestBodySchema: JSONValue? = nil, requestBodyRequired: Bool = false) {
        self.method = method
        self.pathTemplate = pathTemplate
        self.operationID = operationID
        self.requestBodySchema = requestBodySchema
        self.requestBodyRequired = requestBodyRequired
    }

    /// `METHOD /path/template`: how the fake names an endpoint in its stats and limits.
    public var endpoint: String { "\(method) \(pathTemplate)" }

    /// The path parameters when `path` fits the template, else `nil`.
    public func match(path: String) -> [String: String]? {
        let templateSegments = pathTemplate.split(separator: "/", omittingEmptySubsequences: true)
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard templateSegments.count == pathSegments.count else { return nil }
        var parameters: [String: String] = [:]
        for (template, segment) in zip(templateSegments, pathSegments) {
            if template.hasPrefix("{"), template.hasSuffix("}") {
                parameters[String(template.dropFirst().dropLast())] = String(segment).removingPercentEncoding ?? String(segment)
            } else if template != segment {
                return nil
            }
        }
        return parameters
    }
}
