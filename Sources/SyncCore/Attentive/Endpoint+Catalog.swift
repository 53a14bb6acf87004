import Foundation

/// The product catalog endpoints. Attentive allows one request a second on the uploads
/// endpoint; the tool spends the same budget on looking uploads up.
extension Endpoint {
    /// `POST /product-catalog/uploads {validateOnly}` → `{uploadId, uploadUrl}`.
    public static let catalogUploads = Endpoint(name: "catalog", method: "POST", path: "/product-catalog/uploads", rateLimit: 1)

    /// `GET /product-catalog/uploads/{uploadId}`: the upload's status and validation errors.
    public static func catalogUpload(id: String) -> Endpoint {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return Endpoint(name: catalogUploads.name, method: "GET", path: "/product-catalog/uploads/" + (id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id),
                        rateLimit: catalogUploads.rateLimit)
    }
}
