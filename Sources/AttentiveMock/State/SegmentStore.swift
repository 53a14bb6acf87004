import Foundation

/// The segments the fake holds (`/v2/segments`), by external id, with their members: each
/// filed under its phone, else its email, else its client user id.
public struct SegmentStore: Sendable {
    public struct Segment: Sendable {
        public var externalId: String
        public var name: String
        public var description: String
        public var created: Date
        public var updated: Date
        public var members: Set<String> = []

        public var json: JSONValue {
            ["externalId": .string(externalId), "name": .string(name), "description": .string(description),
             "created": .string(created.ISO8601Format()), "updated": .string(updated.ISO8601Format())]
        }
    }

    public private(set) var segments: [String: Segment] = [:]
    /// Removals of someone who was not a member: the tool should never send one.
    public private(set) var removalsOfNonMembers = 0

    public init() {}

    /// Creates a segment; nil when one with `externalId` exists.
    mutating func create(externalId: String, name: String, description: String?, at now: Date = Date()) -> Segment? {
        guard segments[externalId] == nil else { return nil }
        let segment = Segment(externalId: externalId, name: name, description: description ?? "Manual Segment Upload Public API V2",
                              created: now, updated: now)
        segments[externalId] = segment
        return segment
    }

    /// The member key of a `SegmentMember`: its phone, else email, else client user id.
    static func memberKey(_ member: JSONValue) throws(RuleViolation) -> String {
        let phone = member["phone"]?.stringValue
        if let phone, !UserRules.isE164(phone) { throw RuleViolation("phone must be an E.164 number such as +13115552368") }
        guard let key = phone ?? member["email"]?.stringValue ?? member["clientUserId"]?.stringValue, !key.isEmpty else {
            throw RuleViolation("a member needs an email, a phone or a clientUserId")
        }
        return key
    }

    /// Adds (or removes) one member of a segment.
    mutating func apply(_ member: JSONValue, adding: Bool, to externalId: String, at now: Date = Date()) throws(RuleViolation) {
        let key = try Self.memberKey(member)
        guard segments[externalId] != nil else { throw RuleViolation("no segment with externalId '\(externalId)'") }
        if adding {
            segments[externalId]!.members.insert(key)
        } else if segments[externalId]!.members.remove(key) == nil {
            removalsOfNonMembers += 1
        }
        segments[externalId]!.updated = now
    }

    /// The `/_mock/segments` document: each segment with its members, sorted.
    var inspection: JSONValue {
        .array(segments.values.sorted { $0.externalId < $1.externalId }.map { segment in
            guard case .object(var members) = segment.json else { return segment.json }
            members["members"] = .array(segment.members.sorted().map(JSONValue.string))
            return .object(members)
        })
    }
}
