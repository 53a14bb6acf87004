/// What a run would change: the diff of the source's records against the state.
public struct Plan: Sendable {
    public var mapping: String
    /// The source as named in messages (a path, `stdin`).
    public var source: String
    public var rowsRead = 0
    /// Creates and updates in source order, then deletes.
    public var changes: [Change] = []
    public var unchanged = 0
    public var rejected: [RowRejection] = []
    public var duplicates: [DuplicateKey] = []
    /// Rows sent without an invalid secondary identifier.
    public var warnings = 0
    /// Keys whose values are as acknowledged but whose source form moved (a cell emptied):
    /// their fingerprint is refreshed on `run`, nothing is sent.
    public var refreshed: [AcknowledgedRecord] = []

    public init(mapping: String, source: String) {
        self.mapping = mapping
        self.source = source
    }

    /// Change counts per target.
    public func counts(for target: Target) -> ChangeCounts {
        var counts = ChangeCounts(unchanged: unchanged)
        for change in changes where change.target == target {
            switch change.operation {
            case .create: counts.create += 1
            case .update: counts.update += 1
            case .delete: counts.delete += 1
            }
        }
        return counts
    }
}

/// How many records of one target a plan creates, updates, deletes or leaves alone.
public struct ChangeCounts: Sendable, Equatable {
    public var create = 0, update = 0, delete = 0, unchanged = 0

    public init(create: Int = 0, update: Int = 0, delete: Int = 0, unchanged: Int = 0) {
        self.create = create
        self.update = update
        self.delete = delete
        self.unchanged = unchanged
    }
}

/// One request's worth of change for one key.
public struct Change: Sendable, Equatable {
    public enum Operation: String, Sendable, Codable {
        case create, update, delete
    }

    public var key: String
    public var target: Target
    public var operation: Operation
    public var user: UserIdentity
    /// The source line of the row that won; nil for a delete.
    public var line: Int?
    /// The attributes to send, as `AttributeSet.canonicalJSON`.
    public var properties: String
    /// Each attribute that changes, old → new, for updates and deletes. A create's values
    /// are all in `properties`.
    public var fields: [FieldChange]
    /// The state to record once Attentive acknowledges the request.
    public var acknowledged: AcknowledgedRecord
}

/// One attribute's change.
public struct FieldChange: Sendable, Equatable {
    public var name: String
    public var old: AttributeValue?
    public var new: AttributeValue?
}

/// A key that several rows carried; the last row won.
public struct DuplicateKey: Sendable, Equatable {
    public var key: String
    public var lines: [Int]
}
