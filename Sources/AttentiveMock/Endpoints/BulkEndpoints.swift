/// `POST /v2/bulk/user/attributes {users}`: queues a job of up to 256 user records;
/// answers 202 `BulkSuccessResponse`. Each record is checked when the job runs
/// (`BulkUserRules`), so one bad record fails alone.
struct BulkUserAttributesEndpoint: MockEndpoint {
    let operationID = "postBulkUserAttributes"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let job = await store.submitJob(.users, records: call.body?["users"]?.arrayValue ?? [])
        return .success(202, ["message": "Bulk user attributes job successfully submitted", "batchJobId": .string(job.id)])
    }
}

/// `POST` / `DELETE /v2/bulk/segments/members {externalId, members}`: queues a job adding or
/// removing up to 10,000 members of an existing segment.
struct BulkSegmentMembersEndpoint: MockEndpoint {
    let operationID: String
    let adding: Bool

    static let add = BulkSegmentMembersEndpoint(operationID: "postBulkSegmentMembers", adding: true)
    static let remove = BulkSegmentMembersEndpoint(operationID: "deleteBulkSegmentMembers", adding: false)

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let externalId = call.body?["externalId"]?.stringValue ?? ""
        guard await store.segment(externalId: externalId) != nil else {
            return .notFound("no segment with externalId '\(externalId)'", outcome: .ruleViolation)
        }
        let job = await store.submitJob(adding ? .addSegmentMembers : .removeSegmentMembers, segment: externalId,
                                        records: call.body?["members"]?.arrayValue ?? [])
        return .success(202, ["message": .string("Bulk segment member \(adding ? "add" : "remove") job successfully submitted"),
                              "batchJobId": .string(job.id)])
    }
}

/// `GET /v2/bulk/job/{bulkJobId}`: the job's status (each look counts as a poll), and once
/// completed the URL of its results file.
struct BulkJobStatusEndpoint: MockEndpoint {
    let operationID = "getBulkJobStatus"

    func respond(to call: EndpointCall, store: MockStore) async -> EndpointReply {
        let id = call.pathParameters["bulkJobId"] ?? ""
        guard let job = await store.pollJob(id: id) else {
            return .notFound("no bulk job \(id)")
        }
        return .success(200, job.json(resultsURL: PresignedURL.bulkResults.url(origin: call.origin, id: job.id)))
    }
}
