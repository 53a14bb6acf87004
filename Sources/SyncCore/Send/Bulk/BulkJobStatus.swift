import Foundation

/// `GET /v2/bulk/job/{id}`'s answer (`BulkJobStatusResponse`), read strictly: an answer of
/// another shape is `unknown`, and the job is looked at again.
enum BulkJobStatus: Equatable {
    case inProgress
    /// Done; its results file is at `url`.
    case completed(url: String)
    /// Attentive says the job failed: no results to be had.
    case failed
    case unknown

    init(answer body: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any],
              let status = object["status"] as? String
        else {
            self = .unknown
            return
        }
        switch status {
        case "PENDING", "IN_PROGRESS": self = .inProgress
        case "COMPLETED": self = (object["url"] as? String).map { .completed(url: $0) } ?? .failed
        case "FAILED": self = .failed
        default: self = .unknown
        }
    }

    /// `batchJobId` from a bulk request's 202 answer (`BulkSuccessResponse`).
    static func jobID(inSubmitAnswer body: String) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        return (object?["batchJobId"] as? String).flatMap { $0.isEmpty ? nil : $0 }
    }
}
