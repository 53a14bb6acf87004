import Hummingbird

/// The fake's own endpoints under `/_mock/` (no auth), for tests and the demo to see
/// what was sent:
///
/// - `GET /_mock/requests[?path=/attributes/custom]` → `[{method, path, status, body}]`
/// - `GET /_mock/stats` → `{requests, statuses, schemaViolations, rateLimited, …}`
/// - `GET /_mock/attributes` → `{"<phone or email>": {"Name": value}}`
/// - `GET /_mock/subscriptions` → `[{address, channel, type, subscribed, signUpSourceId}]`
/// - `GET /_mock/identities` → `[{"phone": …, "clientUserId": …, "custom:<name>": …}]`
/// - `GET /_mock/catalog` → `[{uploadId, validateOnly, status, errors, products}]`: each catalog
///   upload with the products of its file as received
/// - `GET /_mock/jobs` → `[{bulkJobId, kind, status, records, polls, failed, segment?}]`: v2 bulk jobs
/// - `GET /_mock/segments` → `[{externalId, name, description, created, updated, members}]`
/// - `GET /_mock/events` → `[{kind, body}]`: custom (`custom`) and eCommerce events (`purchase`,
///   `add-to-cart`, `product-view`) in the order received
/// - `POST /_mock/reset` → 204, everything forgotten
struct InspectionResponder: Sendable {
    let store: MockStore

    /// Answers `request`, whose path below `/_mock` is `path`.
    func respond(to request: Request, path: String) async -> Response {
        await store.completeDueJobs()
        switch (request.method, path) {
        case (.get, "/requests"):
            let filter = request.uri.queryParameters["path"].map(String.init)
            let requests = await store.requests(path: filter)
            return .json(200, .array(requests.map(\.json)))
        case (.get, "/stats"):
            return .json(200, await store.statsDocument)
        case (.get, "/attributes"):
            let attributes = await store.attributesByUser
            return .json(200, .object(attributes.mapValues { .object($0) }))
        case (.get, "/subscriptions"):
            return .json(200, await store.subscriptionsDocument)
        case (.get, "/identities"):
            return .json(200, await store.identitiesDocument)
        case (.get, "/catalog"):
            return .json(200, await store.catalogDocument)
        case (.get, "/jobs"):
            return .json(200, await store.jobsDocument)
        case (.get, "/segments"):
            return .json(200, await store.segmentsDocument)
        case (.get, "/events"):
            return .json(200, await store.eventsDocument)
        case (.post, "/reset"):
            await store.reset()
            return Response(status: .noContent)
        default:
            return .message(404, "no such inspection endpoint: \(request.method.rawValue) /_mock\(path)")
        }
    }
}
