import Foundation

/// One v2 bulk job: the records of one `POST /v2/bulk/user/attributes` or
/// `POST`/`DELETE /v2/bulk/segments/members`, `IN_PROGRESS` until it completes — after
/// `MockConfiguration.bulkJobPolls` looks at its status, or `bulkJobDelay` after it was
/// submitted, whichever comes first. Its records take effect when it completes, each on its
/// own (one failing leaves the others), and its results file has a line per record.
public struct BulkJob: Sendable {
    public enum Kind: String, Sendable {
        case users, addSegmentMembers, removeSegmentMembers
    }

    public let id: String
    public let kind: Kind
    /// The segment of a members job.
    public let segment: String?
    public let records: [JSONValue]
    public let submitted: ContinuousClock.Instant
    public private(set) var polls = 0
    /// The results file's lines, once completed.
    public private(set) var results: [JSONValue]?

    init(id: String, kind: Kind, segment: String? = nil, records: [JSONValue], submitted: ContinuousClock.Instant) {
        self.id = id
        self.kind = kind
        self.segment = segment
        self.records = records
        self.submitted = submitted
    }

    public var isCompleted: Bool { results != nil }

    mutating func countPoll() { polls += 1 }

    /// Whether the job is due to complete.
    func isDue(polls needed: Int, delay: Duration?, at now: ContinuousClock.Instant) -> Bool {
        !isCompleted && (polls >= needed || delay.map { now - submitted >= $0 } == true)
    }

    /// Completes the job with each record's outcome, in order.
    mutating func complete(_ outcomes: [Result<Void, RuleViolation>]) {
        results = zip(records, outcomes).map { record, outcome in
            switch outcome {
            case .success: ["request": record, "response": ["statusCode": 200, "message": "OK"]]
            case .failure(let violation): ["request": record, "response": ["statusCode": 400, "message": .string(violation.message)]]
            }
        }
    }

    /// The results file: JSON Lines, one result per record.
    public var resultsFile: Data {
        Data((results ?? []).map { $0.jsonText + "\n" }.joined().utf8)
    }

    /// `BulkJobStatusResponse`; `url` where the results file is, once completed.
    func json(resultsURL: String) -> JSONValue {
        var members: [String: JSONValue] = [
            "bulkJobId": .string(id), "status": .string(isCompleted ? "COMPLETED" : "IN_PROGRESS"),
            "totalRecords": .number(Double(records.count)),
        ]
        if isCompleted { members["url"] = .string(resultsURL) }
        return .object(members)
    }

    /// The `/_mock/jobs` entry.
    var inspection: JSONValue {
        var members: [String: JSONValue] = [
            "bulkJobId": .string(id), "kind": .string(kind.rawValue), "status": .string(isCompleted ? "COMPLETED" : "IN_PROGRESS"),
            "records": .number(Double(records.count)), "polls": .number(Double(polls)),
            "failed": .number(Double(results?.count { $0["response"]?["statusCode"]?.numberValue != 200 } ?? 0)),
        ]
        if let segment { members["segment"] = .string(segment) }
        return .object(members)
    }
}
