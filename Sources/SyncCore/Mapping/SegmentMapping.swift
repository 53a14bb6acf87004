/// One Attentive segment whose membership mirrors the source: a key is a member while its
/// `member` value is true (a boolean column, or the constant `true` for every row).
public struct SegmentMapping: Sendable, Equatable {
    /// The segment's client-side id (`externalId`): the segment is found, or created, by it.
    public var externalId: String
    /// The name it is created with when missing.
    public var name: String
    public var member: ValueReference

    public init(externalId: String, name: String, member: ValueReference) {
        self.externalId = externalId
        self.name = name
        self.member = member
    }

    public var scope: Scope { .segment(externalId) }
}
