/// The fake's stand-ins for the pre-signed URLs Attentive hands out (used without auth):
/// catalog files are put under one folder, bulk job results fetched from another.
struct PresignedURL: Sendable {
    let basePath: String

    static let catalogUploads = PresignedURL(basePath: "/_mock/catalog-uploads")
    static let bulkResults = PresignedURL(basePath: "/_mock/bulk-results")

    func url(origin: String, id: String) -> String {
        "\(origin)\(basePath)/\(id)"
    }
}
