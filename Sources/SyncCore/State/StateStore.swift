import Foundation

/// What Attentive last acknowledged, per mapping, scope and key, and the runs that got it there:
/// the seam between the pipeline and where the state is kept (`SQLiteStateStore`, a local file;
/// `PostgresStateStore`, a schema in PostgreSQL; `StateLocation` picks one). It deals in scopes,
/// keys, fingerprints, digests and payload text as stored; what a payload means is the targets'
/// business, not the store's.
///
/// A record is kept per mapping, `Scope` (a target's slice of the state) and key, and written
/// only after Attentive acknowledged it. Implementations are safe to call from concurrent tasks.
public protocol StateStore: AnyObject, Sendable {
    /// Where the state is, for messages: a file path, or a URI without its password.
    var path: String { get }

    // Records
    /// Every acknowledged key of a scope with the fingerprint of the values last sent for it.
    func fingerprints(mapping: String, scope: Scope) throws -> [String: UInt64]
    /// The records of those of `keys` the scope holds, looked up one by one.
    func storedRecords(mapping: String, scope: Scope, of keys: some Sequence<String>) throws -> [String: StoredRecord]
    /// The payloads of those of `keys` the scope holds.
    func payloadTexts(mapping: String, scope: Scope, of keys: some Sequence<String>) throws -> [String: String]
    /// Every acknowledged key of a scope with its payload; for small scopes (subscription statuses).
    func payloads(mapping: String, scope: Scope) throws -> [String: String]
    /// The payload of one key as stored, or nil when the key is not in the state.
    func payloadText(mapping: String, scope: Scope, key: String) throws -> String?
    /// An incremental events source's watermark, nil before the first run that set one.
    func watermark(mapping: String) throws -> String?
    func recordWatermark(mapping: String, _ value: String) throws
    /// How many records of `scope` were last written before `date` (sent events past their retention).
    func expiredRecords(mapping: String, scope: Scope, before date: Date) throws -> Int
    /// Forgets them; returns how many.
    func forgetRecords(mapping: String, scope: Scope, before date: Date) throws -> Int
    /// How many keys the state holds per target (a key with several subscriptions counts once per subscription).
    func recordCounts(mapping: String) throws -> [Target: Int]
    /// Records an acknowledged state for each entry, in one transaction; resolved intents are
    /// removed in the same transaction. A key whose state moves loses its row digests.
    func acknowledge(mapping: String, _ entries: [AcknowledgedRecord], resolvingIntents intents: [Int64]) throws
    /// Runs `body` on one snapshot of the state: every read inside sees the state as it was when
    /// the snapshot began, whatever another process writes meanwhile. `body` must not write.
    func readingSnapshot<T>(_ body: () throws -> T) throws -> T

    // Row digests
    /// Every row digest of the mapping, and its rows rejected for their cells.
    func rowDigests(mapping: String) throws -> KnownDigests
    /// Records the digests of rows whose keys are settled, replacing what the keys had.
    func recordDigests(mapping: String, _ rows: [SettledRow]) throws
    /// Replaces the mapping's rejected rows with `rows`: the last plan's.
    func recordRejections(mapping: String, _ rows: [RejectedRow]) throws

    // Intents
    /// Records that a request which is not idempotent is about to be sent; returns the intent's id.
    func recordIntent(mapping: String, scope: Scope, key: String, operation: Change.Operation, user: String, payload: String) throws -> Int64
    /// Removes an intent whose request Attentive refused: nothing happened.
    func dropIntent(_ id: Int64) throws
    /// Intents of earlier runs that never learned their outcome, oldest first.
    func pendingIntents(mapping: String) throws -> [PendingIntent]

    // Bulk submissions
    /// Records a request to a bulk endpoint about to go out, with each change its records carry
    /// and an intent for each change that needs one, in one transaction.
    func recordSubmission(mapping: String, kind: BulkSubmission.Kind, _ changes: [SubmittedChange]) throws -> BulkSubmission
    /// The job Attentive created for a submission.
    func recordJob(submission: Int64, jobID: String) throws
    /// The mapping's submissions whose results are not settled, oldest first.
    func pendingSubmissions(mapping: String) throws -> [BulkSubmission]
    /// Settles submissions in one transaction: records what each acknowledges, removes its
    /// intents, and forgets it. Changes not acknowledged are planned again; intents not removed
    /// are settled with `GET /subscriptions`.
    func settleSubmissions(mapping: String, _ settlements: [BulkSettlement]) throws

    // Runs
    func beginRun(mapping: String, command: String) throws -> Int64
    func finishRun(id: Int64, summary: RunSummary, failures: [RecordFailure]) throws
    /// Marks runs that never finished (their process died) as abandoned.
    func markAbandonedRuns(mapping: String) throws
    func hasRuns(mapping: String) throws -> Bool
    /// When the mapping's last successful run finished.
    func lastSuccess(mapping: String) throws -> String?
    /// The mapping's runs, newest first.
    func runs(mapping: String, limit: Int) throws -> [RunSummary]
    func failures(runID: Int64) throws -> [RecordFailure]

    // Moving a state (`state export`, `state import`)
    /// Hands every row of every table to `body`, table by table (`StateTable.allCases`), each
    /// in `StateTable.select`'s order, all from one snapshot.
    func exportRows(_ body: (StateTable, [StateValue]) throws -> Void) throws
    /// Writes rows into this state, which must hold none, in one transaction: `body` hands them
    /// to `insert` a batch at a time. Ids are kept as they were.
    func importRows(_ body: (_ insert: (StateTable, [[StateValue]]) throws -> Void) throws -> Void) throws
}

extension StateStore {
    public func acknowledge(mapping: String, _ entries: [AcknowledgedRecord]) throws {
        try acknowledge(mapping: mapping, entries, resolvingIntents: [])
    }

    public func runs(mapping: String) throws -> [RunSummary] {
        try runs(mapping: mapping, limit: 50)
    }
}

/// A settled key's row digest and the targets that counted it unchanged, with the digests
/// of the key's other rows, which a later row superseded.
public struct SettledRow: Sendable, Equatable {
    public var key: String
    public var digest: RowDigest
    public var counted: UInt64
    public var superseded: [RowDigest]
    /// Which of these digests are of rows with warnings.
    public var warned: Set<RowDigest>

    public init(key: String, digest: RowDigest, counted: UInt64, superseded: [RowDigest] = [], warned: Set<RowDigest> = []) {
        self.key = key
        self.digest = digest
        self.counted = counted
        self.superseded = superseded
        self.warned = warned
    }
}

/// What a known digest stands for: its key's last row (with the targets that counted it
/// unchanged), or a row of the key a later row superseded (`counted` nil).
public struct KnownRow: Sendable, Equatable {
    public var key: String
    public var counted: UInt64?
    public var warned = false
}

/// A row rejected for its cells: the same cells are rejected again for the same reason.
public struct RejectedRow: Sendable, Equatable {
    public var digest: RowDigest
    public var reason: String
    /// The key of a row rejected for a value (`RowRejection.key`).
    public var key: String?

    public init(digest: RowDigest, reason: String, key: String? = nil) {
        self.digest = digest
        self.reason = reason
        self.key = key
    }
}


/// A key's record as the state holds it: the fingerprint of the values last sent, and what
/// Attentive holds as stored (`AcknowledgedRecord.payload`).
public struct StoredRecord: Sendable, Equatable {
    public var fingerprint: UInt64
    public var payload: String

    public init(fingerprint: UInt64, payload: String) {
        self.fingerprint = fingerprint
        self.payload = payload
    }
}

/// A state row to write: the acknowledged payload, or nil to forget the key.
public struct AcknowledgedRecord: Sendable, Equatable {
    public var scope: Scope
    public var key: String
    /// Fingerprint of the source values this acknowledgement covers.
    public var fingerprint: UInt64
    /// What Attentive now holds, as canonical JSON; nil when the key is forgotten.
    public var payload: String?

    public init(scope: Scope, key: String, fingerprint: UInt64, payload: String?) {
        self.scope = scope
        self.key = key
        self.fingerprint = fingerprint
        self.payload = payload
    }
}
