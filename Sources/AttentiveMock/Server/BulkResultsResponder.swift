import Hummingbird

/// Takes `GET /_mock/bulk-results/{jobId}`: a completed job's results file (JSON Lines),
/// fetched without auth as from a pre-signed URL. 400 when an Authorization header comes
/// along, 404 for an unknown job or one not completed.
struct BulkResultsResponder: Sendable {
    let store: MockStore

    func respond(to request: Request, id: String) async -> Response {
        guard request.method == .get else { return .message(405, "fetch bulk results with GET") }
        guard request.headers[.authorization] == nil else {
            return .message(400, "only one auth mechanism allowed: the results URL is pre-signed, send no Authorization header")
        }
        guard let job = await store.job(id: id), job.isCompleted else { return .message(404, "no results for bulk job \(id)") }
        return Response(status: .ok, headers: [.contentType: "application/jsonl"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: job.resultsFile)))
    }
}
