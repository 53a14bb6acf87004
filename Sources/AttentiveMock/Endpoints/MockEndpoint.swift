/// A request that got past auth, rate limits, fault injection and schema validation,
/// as an endpoint handler sees it.
struct EndpointCall: Sendable {
    var operation: APIOperation
    /// Values of the `{name}` placeholders in the path.
    var pathParameters: [String: String]
    /// Decoded query parameters (the last value wins when one repeats).
    var query: [String: String]
    /// The body, already valid against the operation's schema; `nil` when none was sent.
    var body: JSONValue?
    /// `http://host:port` as the client reached the fake, for URLs handed back to it.
    var origin: String
}

/// What an endpoint handler answers.
struct EndpointReply: Sendable {
    var status: Int
    /// `nil` for an empty body.
    var body: JSONValue?
    var outcome: RequestOutcome

    static func success(_ status: Int = 200, _ body: JSONValue? = nil) -> EndpointReply {
        EndpointReply(status: status, body: body, outcome: .handled)
    }

    /// 404 `{"message"}`: what the call names does not exist.
    static func notFound(_ message: String, outcome: RequestOutcome = .handled) -> EndpointReply {
        EndpointReply(status: 404, body: ["message": .string(message)], outcome: outcome)
    }

    static func refused(_ violation: RuleViolation) -> EndpointReply {
        EndpointReply(status: 400, body: ["message": .string(violation.message)], outcome: .ruleViolation)
    }
}

/// Serves one operation of the vendor's document. Routing, auth, limits and schema
/// checks happen before `respond` is called; it only applies Attentive's own rules and
/// updates the store.
protocol MockEndpoint: Sendable {
    /// The document's `operationId` this endpoint serves.
    var operationID: String { get }
    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply
}
