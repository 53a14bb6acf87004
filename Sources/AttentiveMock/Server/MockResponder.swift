import Hummingbird

/// The fake's one responder: `/v1/…` goes to the API, `/v2/…` to its v2 (whose document
/// names paths with their `/v2`), `/_mock/catalog-uploads/…` takes catalog files,
/// `/_mock/bulk-results/…` serves bulk job results, other `/_mock/…` paths are inspection,
/// anything else is 404.
struct MockResponder: HTTPResponder {
    typealias Context = MockRequestContext

    /// Where the API is served, as in `https://api.attentivemobile.com/v1`.
    static let apiBasePath = "/v1"
    static let apiV2BasePath = "/v2"
    /// Where the inspection endpoints live.
    static let inspectionBasePath = "/_mock"

    let api: APIResponder
    let apiV2: APIResponder
    let inspection: InspectionResponder
    let catalogFiles: CatalogFileResponder
    let bulkResults: BulkResultsResponder

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if let rest = Self.path(path, below: Self.apiBasePath) {
            guard let response = await api.respond(to: request, path: rest, logger: context.logger) else {
                context.dropConnection()
                return Response(status: .internalServerError)  // never reaches the client
            }
            return response
        }
        if Self.path(path, below: Self.apiV2BasePath) != nil {
            guard let response = await apiV2.respond(to: request, path: path, logger: context.logger) else {
                context.dropConnection()
                return Response(status: .internalServerError)  // never reaches the client
            }
            return response
        }
        if let rest = Self.path(path, below: PresignedURL.bulkResults.basePath), rest.count > 1 {
            return await bulkResults.respond(to: request, id: String(rest.dropFirst()))
        }
        if let rest = Self.path(path, below: PresignedURL.catalogUploads.basePath), rest.count > 1 {
            return await catalogFiles.respond(to: request, id: String(rest.dropFirst()))
        }
        if let rest = Self.path(path, below: Self.inspectionBasePath) {
            return await inspection.respond(to: request, path: rest)
        }
        return .message(404, "not found: \(path) (the API is under \(Self.apiBasePath) and \(Self.apiV2BasePath), inspection under \(Self.inspectionBasePath))")
    }

    /// `path` below `base` (`/v1/me` below `/v1` is `/me`; `/v1` itself is `/`), or `nil`.
    static func path(_ path: String, below base: String) -> String? {
        if path == base { return "/" }
        guard path.hasPrefix(base + "/") else { return nil }
        return String(path.dropFirst(base.count))
    }
}
