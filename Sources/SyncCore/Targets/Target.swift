/// A kind of Attentive object a mapping syncs, as plans, reports, metrics and the state's
/// history name it: one value per kind, declared beside the kind's planning (`CustomerTarget`)
/// and registered in `Target.allCases`.
public struct Target: Sendable, Hashable, CaseIterable, RawRepresentable, CustomStringConvertible {
    /// The name reports and the state use, e.g. `customAttributes`.
    public let rawValue: String
    /// How reports name a create and a delete of this target.
    public let createWord: String
    public let deleteWord: String
    /// The endpoints this target's records go to, by name.
    public let endpointNames: [String]

    init(_ name: String, createWord: String = "create", deleteWord: String = "delete", endpoints: [Endpoint]) {
        rawValue = name
        self.createWord = createWord
        self.deleteWord = deleteWord
        endpointNames = endpoints.map(\.name)
    }

    /// The registered targets, in the order reports list them.
    public static let allCases: [Target] = [.customAttributes, .subscriptions, .identityLinks, .products]

    /// The registered target named `rawValue`.
    public init?(rawValue: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = found
    }

    public var description: String { rawValue }

    public static func == (a: Target, b: Target) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
