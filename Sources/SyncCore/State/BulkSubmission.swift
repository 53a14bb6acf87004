import Foundation

/// One request to a v2 bulk endpoint, as the state keeps it until each of its records' results
/// is known: written before the request goes out (with an intent for each change that needs
/// one), given its job id once Attentive accepts it, removed when the job's results are settled.
public struct BulkSubmission: Sendable, Equatable {
    /// Which bulk endpoint took it.
    public enum Kind: String, Sendable {
        case users, addSegmentMembers, removeSegmentMembers
    }

    public var id: Int64
    public var kind: Kind
    /// Attentive's `batchJobId`; nil while the answer to the submit is not in (or was lost).
    public var jobID: String?
    public var submittedAt: Date
    public var changes: [Entry]

    public init(id: Int64, kind: Kind, jobID: String? = nil, submittedAt: Date, changes: [Entry]) {
        self.id = id
        self.kind = kind
        self.jobID = jobID
        self.submittedAt = submittedAt
        self.changes = changes
    }

    /// One change carried by a record of the submission.
    public struct Entry: Sendable, Equatable {
        /// The record's place in the request.
        public var position: Int
        /// How the record is told in the job's results: `BulkRecord.signature`.
        public var signature: String
        public var operation: Change.Operation
        /// The state to record when the record's result is a success.
        public var acknowledged: AcknowledgedRecord
        /// The intent recorded with it (a subscribe), settled with `GET /subscriptions` when
        /// the job's results cannot be had.
        public var intent: Int64?

        public init(position: Int, signature: String, operation: Change.Operation, acknowledged: AcknowledgedRecord, intent: Int64? = nil) {
            self.position = position
            self.signature = signature
            self.operation = operation
            self.acknowledged = acknowledged
            self.intent = intent
        }

        public var target: Target { acknowledged.scope.target }
    }
}

/// A change about to be submitted in bulk, and the intent its request needs (the request's
/// `user`, for a subscribe).
public struct SubmittedChange: Sendable {
    public var entry: BulkSubmission.Entry
    public var intentUser: String?

    public init(_ entry: BulkSubmission.Entry, intentUser: String?) {
        self.entry = entry
        self.intentUser = intentUser
    }
}

/// What settling a submission writes: the state its acknowledged changes reach, and the intents
/// it removes (of changes acknowledged or refused).
public struct BulkSettlement: Sendable {
    public var submission: Int64
    public var acknowledged: [AcknowledgedRecord] = []
    public var removingIntents: [Int64] = []

    public init(submission: Int64, acknowledged: [AcknowledgedRecord] = [], removingIntents: [Int64] = []) {
        self.submission = submission
        self.acknowledged = acknowledged
        self.removingIntents = removingIntents
    }
}
