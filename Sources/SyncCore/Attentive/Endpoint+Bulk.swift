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

    /// `POST` / `DELETE /v2/bulk/segments/members {externalId, members}` → 202 `{batchJobId}`:
    /// up to 10,000 members a request. Adding and removing share one budget.
    public static let addSegmentMembers = Endpoint(name: "segmentMembers", method: "POST", path: "/bulk/segments/members", rateLimit: 100, apiVersion: 2)
    public static let removeSegmentMembers = Endpoint(name: "segmentMembers", method: "DELETE", path: "/bulk/segments/members", rateLimit: 100, apiVersion: 2)
    public static let segmentMembersPerRequest = 10_000

    /// `POST /v2/segments {name, externalId}` → 201: creates a segment.
    public static let createSegment = Endpoint(name: "segments", method: "POST", path: "/segments", rateLimit: 100, apiVersion: 2)

    /// `GET /v2/segments/external/{externalId}` → 200, or 404 when there is none.
    public static func segment(externalId: String) -> Endpoint {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        return Endpoint(name: "segments", method: "GET", path: "/segments/external/" + (externalId.addingPercentEncoding(withAllowedCharacters: allowed) ?? externalId),
                        rateLimit: 100, apiVersion: 2)
    }
}
