import Foundation
import Hummingbird

/// Takes `PUT /_mock/catalog-uploads/{id}`: the catalog file, sent without auth as to
/// a pre-signed URL. Answers 200 empty like S3; 400 when an Authorization header comes
/// along, 404 for an unknown upload, 409 when its file was already sent, 413 past the size
/// the fake reads.
struct CatalogFileResponder: Sendable {
    /// The fake keeps files in memory, so it reads far less than Attentive's 2 GB.
    static let maximumFileSize = 256 * 1024 * 1024

    let store: MockStore

    func respond(to request: Request, id: String) async -> Response {
        guard request.method == .put else {
            return .message(405, "send the catalog file with PUT")
        }
        // Like S3: a pre-signed URL carries its own authorization; a second one is refused.
        guard request.headers[.authorization] == nil else {
            return .message(400, "only one auth mechanism allowed: the upload URL is pre-signed, send no Authorization header")
        }
        guard await store.hasUpload(id: id) else {
            return .message(404, "no catalog upload \(id)")
        }
        var request = request
        let data: Data
        do {
            data = Data(try await request.collectBody(upTo: Self.maximumFileSize).readableBytesView)
        } catch {
            return .message(413, "the fake reads catalog files of at most \(Self.maximumFileSize) bytes")
        }
        let report = CatalogFileValidator.validate(data, rejecting: store.rejectedProductIDs)
        guard await store.receiveUploadFile(id: id, report: report) != nil else {
            return .message(409, "the file for catalog upload \(id) was already received")
        }
        return Response(status: .ok)
    }
}
