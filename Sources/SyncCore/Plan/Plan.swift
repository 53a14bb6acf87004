/// What a run would change: the diff of the source's records against the state.
public struct Plan: Sendable {
    public var mapping: String
    /// The source as named in messages (a path, `stdin`).
    public var source: String
    public var rowsRead = 0
    /// Rows whose digest the state knows: counted unchanged, or rejected again for the same
    /// cells, without being normalized.
    public var rowsSkipped = 0
    /// Per target: creates and updates in source order, then deletes. Kept in a file.
    public var changes = ChangeSpool()
    /// Records per target whose values are as acknowledged.
    public var unchanged: [Target: Int] = [:]
    /// Whole rows (target nil) or one target's part of a row that could not be used.
    public var rejected: [RowRejection] = []
    public var duplicates: [DuplicateKey] = []
    /// Rows sent without an invalid secondary identifier, in line order: one a reason.
    public var warnings: [RowWarning] = []
    /// State to write on `run` with nothing to send: fingerprints that moved while the values
    /// did not (a cell emptied), keys first seen opted-out.
    public var refreshed: [AcknowledgedRecord] = []
    /// Requests of an interrupted run whose outcome `run` checks before sending anything.
    public var pendingIntents = 0
    /// Records (`Sender.Ledger.name`) whose last request's outcome is still to be learned: in a
    /// bulk job of an earlier run, or a subscribe Attentive has yet to show. Not sent again.
    public var held: Set<String> = []
    /// Per target, the planned changes `held` keeps back: pending, not sent.
    public var pending: [Target: Int] = [:]
    /// Per target, counts in the target's own words beyond create, update and delete (events:
    /// `stale`, `unknown`, `changed after sending`…), with `notes` on the first ones of each word.
    public var tallies: [Target: [String: Int]] = [:]
    public var notes: [ChangeNote] = []
    /// Keys read in full with nothing rejected or deferred, and their rows' digests: once a key's
    /// state is as planned (now, for a key without changes; after `baseline`, for every one),
    /// its row is skipped while its cells stay the same.
    public var settledRows: [SettledRow] = []
    /// The rows rejected for their cells, by digest: on `run` and `baseline` the state keeps
    /// them, so the next plan reports them again without building them.
    public var rejectedRows: [RejectedRow] = []
    /// Keys the planners rejected a part of or deferred: never settled.
    var unsettledKeys: Set<String> = []

    /// The settled rows of keys with no change: their state already is what the row makes.
    public var unchangedSettledRows: [SettledRow] {
        var changed: Set<String> = []
        for change in changes { changed.insert(change.key) }
        return settledRows.filter { !changed.contains($0.key) }
    }

    public init(mapping: String, source: String) {
        self.mapping = mapping
        self.source = source
    }

    /// Change counts of one target.
    public func counts(for target: Target) -> ChangeCounts {
        targetCounts.first { $0.target == target }?.counts ?? ChangeCounts(rejected: rejected.count { $0.target == nil })
    }

    /// The targets the plan is about (those with anything to report), in `Target.allCases`
    /// order, each with its counts: one pass over the changes. A whole row's rejection counts
    /// in every target.
    public var targetCounts: [(target: Target, counts: ChangeCounts)] {
        var counts: [Target: ChangeCounts] = unchanged.mapValues { ChangeCounts(unchanged: $0) }
        changes.forEachEntry { entry in
            switch entry.operation {
            case .create, .subscribe: counts[entry.target, default: ChangeCounts()].create += 1
            case .update: counts[entry.target, default: ChangeCounts()].update += 1
            case .delete, .unsubscribe: counts[entry.target, default: ChangeCounts()].delete += 1
            }
        }
        var wholeRows = 0
        for rejection in rejected {
            if let target = rejection.target { counts[target, default: ChangeCounts()].rejected += 1 } else { wholeRows += 1 }
        }
        return Target.allCases.compactMap { target in
            guard var found = counts[target] else { return nil }
            found.rejected += wholeRows
            return (target, found)
        }
    }
}

/// How many records of one target a plan creates, updates, deletes or leaves alone.
public struct ChangeCounts: Sendable, Equatable {
    public var create = 0, update = 0, delete = 0, unchanged = 0, rejected = 0

    public init(create: Int = 0, update: Int = 0, delete: Int = 0, unchanged: Int = 0, rejected: Int = 0) {
        self.create = create
        self.update = update
        self.delete = delete
        self.unchanged = unchanged
        self.rejected = rejected
    }
}

/// One request's worth of change for one key.
public struct Change: Sendable, Equatable {
    public enum Operation: String, Sendable, Codable, CaseIterable {
        case create, update, delete, subscribe, unsubscribe
    }

    public var key: String
    public var target: Target
    public var operation: Operation
    public var user: UserIdentity
    /// The source line of the row that won; nil for a key gone from the source.
    public var line: Int?
    public var request: Request
    /// Each value that changes, old → new. A custom-attribute create's values are in `acknowledged`.
    public var fields: [FieldChange]
    /// The state to record once Attentive acknowledges the request.
    public var acknowledged: AcknowledgedRecord
    /// Ask Attentive first and send only when the person is subscribed (`unsubscribeUnknown`).
    public var checkFirst = false

    public var endpoint: Endpoint { request.endpoint }
    /// The request's JSON body.
    public var body: String { request.body(user: user) }
    /// The subscription a subscribe or unsubscribe is about.
    public var subscription: SubscriptionRef? { request.subscription }
    /// Whether a lost answer leaves the outcome unknown and a resend could text the person.
    public var needsIntent: Bool { target.needsIntent }
}

/// A subscription's channel and type and the address it is held under.
public struct SubscriptionRef: Sendable, Equatable {
    public var channel: SubscriptionMapping.Channel
    public var type: SubscriptionMapping.Kind
    /// The phone (TEXT) or email (EMAIL).
    public var address: String
}

/// One value's change.
public struct FieldChange: Sendable, Equatable {
    public var name: String
    public var old: AttributeValue?
    public var new: AttributeValue?
}

/// A key that several rows carried; the last row won.
public struct DuplicateKey: Sendable, Equatable {
    public var key: String
    /// 32 bits a line, as the planner keeps lines: a plan of ten million rows may list most of
    /// them here.
    public var lines: [UInt32]
}
