import Foundation
import Hummingbird
import Logging

/// Answers requests under the API base: latency, routing by the OpenAPI document,
/// auth, the endpoint's rate budget, injected failures, schema validation, then the
/// endpoint itself, and perhaps a dropped answer — and logs every request in the store.
struct APIResponder: Sendable {
    /// Largest body read; bigger ones get 413.
    static let maximumBodySize = 4 * 1024 * 1024

    let document: OpenAPIDocument
    let endpoints: EndpointRegistry
    let store: MockStore
    let configuration: MockConfiguration

    /// Answers `request`, whose path below the API base is `path`; `nil` means the
    /// request was processed and its answer is to be dropped with the connection.
    func respond(to request: Request, path: String, logger: Logger) async -> Response? {
        let method = request.method.rawValue
        var request = request
        let bodyData: Data
        do {
            bodyData = Data(try await request.collectBody(upTo: Self.maximumBodySize).readableBytesView)
        } catch {
            return .message(413, "request body is larger than \(Self.maximumBodySize) bytes")
        }
        await delay(isWrite: method != "GET")
        var reply = await answer(request, method: method, path: path, bodyData: bodyData)
        let dropped = reply.reachedEndpoint ? await store.nextAnswerDropped() : false
        if dropped { reply.outcome = .answerDropped }
        await store.record(
            RecordedRequest(method: method, path: path, query: request.uri.query, status: reply.status, body: Self.loggable(bodyData), dropped: dropped),
            endpoint: reply.endpoint,
            outcome: reply.outcome
        )
        logger.debug("\(method) \(path) → \(dropped ? "dropped" : String(reply.status))")
        return dropped ? nil : .json(reply.status, reply.body, headers: reply.headers)
    }

    /// The configured latency. Like a real server's work, it runs to its end (and the request
    /// is then processed) even when the client has closed the connection. It waits on the
    /// server's own threads: a detached task would wait for the cooperative pool.
    private func delay(isWrite: Bool) async {
        let jitter = configuration.latencyJitter > .zero ? configuration.latencyJitter * Double.random(in: 0...1) : .zero
        let total = configuration.latency + jitter + (isWrite ? configuration.writeLatency : .zero)
        guard total > .zero else { return }
        await Task(executorPreference: ServerThreads.shared) { try? await Task.sleep(for: total) }.value
    }

    private struct Answer {
        var endpoint: String
        var status: Int
        var body: JSONValue?
        var outcome: RequestOutcome
        var headers: HTTPFields = [:]
        /// The endpoint processed it (so its answer may be dropped).
        var reachedEndpoint = false
    }

    private func answer(_ request: Request, method: String, path: String, bodyData: Data) async -> Answer {
        guard let (operation, parameters) = document.operation(method: method, path: path) else {
            let status = document.hasPath(path) ? 405 : 404
            return Answer(endpoint: "\(method) \(path)", status: status, body: ["message": .string("no such endpoint: \(method) \(path)")], outcome: .handled)
        }
        let endpointName = operation.endpoint
        func refuse(_ status: Int, _ message: String, _ outcome: RequestOutcome, limit: Int, remaining: Int) -> Answer {
            Answer(endpoint: endpointName, status: status, body: ["message": .string(message)], outcome: outcome, headers: Self.rateHeaders(limit, remaining))
        }

        if let problem = BearerAuthorization.problem(with: request.headers[.authorization], acceptedKey: configuration.apiKey) {
            let (limit, remaining) = await store.peek(endpointName)
            return refuse(401, problem, .unauthorized, limit: limit, remaining: remaining)
        }
        let (decision, limit) = await store.admit(endpointName)
        guard case .allowed(let remaining) = decision else {
            return refuse(429, "Too many requests: \(endpointName) allows \(limit) per second", .rateLimited, limit: limit, remaining: 0)
        }
        if await store.nextRequestFails() {
            return refuse(500, "Internal server error (injected by attentive-mock)", .injectedFailure, limit: limit, remaining: remaining)
        }
        guard let endpoint = endpoints.endpoint(for: operation) else {
            return refuse(501, "attentive-mock does not implement \(operation.operationID) (\(endpointName))", .handled, limit: limit, remaining: remaining)
        }
        let body: JSONValue?
        switch RequestBodyCheck.check(bodyData, for: operation, validator: document.validator) {
        case .success(let checked): body = checked
        case .failure(let violation):
            return refuse(400, violation.description, .schemaViolation, limit: limit, remaining: remaining)
        }
        let origin = "http://\(request.head.authority ?? "\(configuration.host):\(configuration.port)")"
        let call = EndpointCall(operation: operation, pathParameters: parameters, query: Self.query(of: request), body: body, origin: origin)
        let reply = await endpoint.respond(to: call, store: store)
        return Answer(endpoint: endpointName, status: reply.status, body: reply.body, outcome: reply.outcome, headers: Self.rateHeaders(limit, remaining), reachedEndpoint: true)
    }

    private static func rateHeaders(_ limit: Int, _ remaining: Int) -> HTTPFields {
        [.rateLimitLimit: String(limit), .rateLimitRemaining: String(remaining)]
    }

    private static func query(of request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            query[String(key)] = String(value)
        }
        return query
    }

    /// The body as the request log keeps it: JSON when it parses, else the raw text.
    private static func loggable(_ data: Data) -> JSONValue {
        if data.isEmpty { return .null }
        return (try? JSONValue(parsing: data)) ?? .string(String(decoding: data, as: UTF8.self))
    }
}
