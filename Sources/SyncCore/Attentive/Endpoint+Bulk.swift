import Foundation

/// Attentive's v2 bulk endpoints: each takes many records a request and answers with a job,
/// processed later, whose status tells where its results file is.
extension Endpoint {
    /// `POST /v2/bulk/user/attributes {users}` → 202 `{batchJobId}`: up to 256 people a request.
    public static let bulkUsers = Endpoint(name: "bulk", method: "POST", path: "/bulk/user/attributes", rateLimit: 100, apiVersion: 2)

    /// `GET /v2/bulk/job/{bulkJobId}` → `{status, url}`.
    public static func bulkJob(id: String) -> Endpoint {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return Endpoint(name: "bulkJob", method: "GET", path: "/bulk/job/" + (id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id),
                        rateLimit: 100, apiVersion: 2)
    }

    /// Records a `POST /v2/bulk/user/attributes` takes at most.
    public static let bulkUsersPerRequest = 256
}
