/// `POST /product-catalog/uploads {validateOnly}`: opens an upload and hands back
/// where to `PUT` the file (`CatalogUploadResponse`).
struct CreateCatalogUploadEndpoint: MockEndpoint {
    let operationID = "postUpload"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let upload = await store.createUpload(validateOnly: call.body?["validateOnly"]?.boolValue ?? false)
        return .success(200, upload.json(uploadURL: PresignedURL.catalogUploads.url(origin: call.origin, id: upload.id)))
    }
}

/// `GET /product-catalog/uploads/{uploadId}`: the upload's state; each call moves it one
/// step along its workflow.
struct LookupCatalogUploadEndpoint: MockEndpoint {
    let operationID = "lookupUpload"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let id = call.pathParameters["uploadId"] ?? ""
        guard let upload = await store.pollUpload(id: id) else {
            return .notFound("no catalog upload \(id)")
        }
        return .success(200, upload.json(uploadURL: PresignedURL.catalogUploads.url(origin: call.origin, id: upload.id)))
    }
}

/// `GET /product-catalog/uploads`: every upload, in order of creation.
struct ListCatalogUploadsEndpoint: MockEndpoint {
    let operationID = "getUploads"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let uploads = await store.catalogUploads
        return .success(200, .array(uploads.map { $0.json(uploadURL: PresignedURL.catalogUploads.url(origin: call.origin, id: $0.id)) }))
    }
}
