import Foundation

/// The state's tables as both stores hold them, for moving a state between stores
/// (`state export` / `state import`): the same columns in the same order, read in one order
/// (keys by their bytes), so one state exports to the same lines from either store.
public enum StateTable: String, CaseIterable, Sendable, Codable {
    case records, intents, runs, failures
    case rowDigests = "row_digests", rejectedRows = "rejected_rows"
    case bulkSubmissions = "bulk_submissions", bulkRecords = "bulk_records", watermarks

    /// The columns, and which of them hold integers (the rest hold text).
    public var columns: [(name: String, integer: Bool)] {
        func text(_ names: String...) -> [(String, Bool)] { names.map { ($0, false) } }
        func integer(_ names: String...) -> [(String, Bool)] { names.map { ($0, true) } }
        switch self {
        case .records: return text("mapping", "scope", "key") + integer("fingerprint") + text("payload", "updated_at")
        case .intents: return integer("id") + text("mapping", "scope", "key", "operation", "user", "payload", "created_at") + integer("bulk")
        case .runs:
            return integer("id") + text("mapping", "command", "started_at", "finished_at") + integer("duration_ms") + text("status")
                + integer("creates", "updates", "deletes", "unchanged", "rejected", "duplicates", "sent", "failed")
        case .failures: return integer("run_id") + text("mapping", "target", "key", "reason")
        case .rowDigests: return text("mapping", "key") + integer("digest_high", "digest_low", "counted", "warned")
        case .rejectedRows: return text("mapping") + integer("digest_high", "digest_low") + text("key", "reason")
        case .bulkSubmissions: return integer("id") + text("mapping", "kind", "job_id", "submitted_at")
        case .bulkRecords:
            return integer("submission_id", "position") + text("scope", "key", "operation") + integer("fingerprint")
                + text("payload", "signature") + integer("intent_id")
        case .watermarks: return text("mapping", "value", "updated_at")
        }
    }

    /// The table's rows in export order; `insertionOrder` is how a store keeps the order rows
    /// were written in where no key orders them (SQLite's `rowid`, a PostgreSQL identity).
    public func select(insertionOrder: String) -> String {
        let order = switch self {
        case .records: "mapping, scope, key"
        case .intents, .runs, .bulkSubmissions: "id"
        case .failures: insertionOrder
        case .rowDigests: "mapping, key, digest_high, digest_low"
        case .rejectedRows: "mapping, digest_high, digest_low"
        case .bulkRecords: "submission_id, position, scope"
        case .watermarks: "mapping"
        }
        return "SELECT \(columnList) FROM \(rawValue) ORDER BY \(order)"
    }

    /// Why rows cannot be imported into the state at `path`.
    static func notEmpty(_ path: String, _ table: StateTable) -> ConfigurationError {
        ConfigurationError("state \(path) already holds a state (its \(table.rawValue) has rows): import into a new, empty state, or move this one aside first")
    }

    /// The columns, quoted, comma-separated.
    public var columnList: String { columns.map { "\"\($0.name)\"" }.joined(separator: ", ") }
}

/// One value of a state row: text, an integer or NULL.
public enum StateValue: Sendable, Equatable, Codable {
    case text(String)
    case integer(Int64)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null } else if let number = try? container.decode(Int64.self) { self = .integer(number) } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        case .null: try container.encodeNil()
        }
    }
}

/// A line of an exported state: `{"row":[…],"table":"records"}`.
public struct StateDumpLine: Codable, Sendable, Equatable {
    public var table: StateTable
    public var row: [StateValue]

    public init(table: StateTable, row: [StateValue]) {
        self.table = table
        self.row = row
    }

    /// The first line of every export, checked by `import`.
    public static let header = #"{"attentive-sync state":1}"#
}
