/// The identifiers Attentive knows a person by, already normalized.
public struct UserIdentity: Sendable, Hashable {
    /// E.164.
    public var phone: String?
    /// Trimmed and lower-cased.
    public var email: String?

    public init(phone: String? = nil, email: String? = nil) {
        self.phone = phone
        self.email = email
    }

    /// The identity of a state key, whose kind the mapping's primary identifier tells.
    public init(key: String, kind: IdentifierKind) {
        switch kind {
        case .phone: self.init(phone: key)
        case .email: self.init(email: key)
        }
    }
}

/// One source row, mapped: who it is about and the attribute values it carries.
public struct CustomerRecord: Sendable, Equatable {
    /// The primary identifier: keys the state.
    public var key: String
    public var user: UserIdentity
    /// Custom attributes with a value in this row (empty cells are left out).
    public var attributes: [String: AttributeValue]
    /// Where the row starts in the source.
    public var line: Int
    /// Secondary identifiers left out because they were invalid, e.g. `email: not a valid address`.
    public var warnings: [String]
    /// One opt-in per subscription entry of the mapping: true, false, or nil for an empty cell.
    public var optIns: [Bool?]
    /// Identity link values present in the row, by link name.
    public var links: [String: String]
    /// Why the row's identity links cannot be sent, when they cannot.
    public var linkRejection: String?
    /// One membership per segment of the mapping: true, false, or nil for an empty cell.
    public var memberships: [Bool?]

    public init(key: String, user: UserIdentity, attributes: [String: AttributeValue], line: Int, warnings: [String] = [],
                optIns: [Bool?] = [], links: [String: String] = [:], linkRejection: String? = nil, memberships: [Bool?] = []) {
        self.key = key
        self.user = user
        self.attributes = attributes
        self.line = line
        self.warnings = warnings
        self.optIns = optIns
        self.links = links
        self.linkRejection = linkRejection
        self.memberships = memberships
    }
}

/// A row that was not turned into a record, or one target's part of a row, and why.
/// The reason names the column, never the cell's content.
/// A row used without one of its cells: an invalid secondary identifier, left out of what is sent.
public struct RowWarning: Sendable, Equatable {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

public struct RowRejection: Error, Sendable, Equatable {
    public var line: Int
    public var reason: String
    /// The target the rejection is limited to; nil when the whole row is rejected.
    public var target: Target?
    /// The key of a row rejected for one of its values: the key is still in the source, so
    /// nothing is removed, cleared or unsubscribed for it and its previous state stands.
    public var key: String?

    public init(line: Int, reason: String, target: Target? = nil, key: String? = nil) {
        self.line = line
        self.reason = reason
        self.target = target
        self.key = key
    }
}
