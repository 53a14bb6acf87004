/// A kind of Attentive object a mapping syncs, as plans, reports, metrics and the state's
/// history name it. Each kind describes itself (`TargetDescription`) beside its planning
/// (`CustomerTarget`) and is registered in `TargetDescription.registered`; a `Target` is its
/// place there, a byte, so a million changes carry a byte each.
public struct Target: Sendable, Hashable, CaseIterable, RawRepresentable, CustomStringConvertible {
    /// The target's place in `TargetDescription.registered`.
    let index: UInt8

    /// The target `description` registers.
    init(_ description: TargetDescription) {
        index = UInt8(TargetDescription.registered.firstIndex { $0.name == description.name }!)
    }

    /// The target at `index` in `TargetDescription.registered`.
    init(index: UInt8) {
        precondition(Int(index) < TargetDescription.registered.count)
        self.index = index
    }

    /// The registered targets, in the order reports list them.
    public static let allCases = TargetDescription.registered.map(Target.init)

    /// The registered target named `rawValue`.
    public init?(rawValue: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = found
    }

    var about: TargetDescription { TargetDescription.registered[Int(index)] }

    /// The name reports and the state use, e.g. `customAttributes`.
    public var rawValue: String { about.name }
    public var description: String { rawValue }
    /// How reports name a create and a delete of this target.
    public var createWord: String { about.createWord }
    public var deleteWord: String { about.deleteWord }
    /// The endpoints this target's records go to, by name.
    public var endpointNames: [String] { about.endpoints.map(\.name) }
    /// Whether a lost answer leaves a change's outcome unknown and a resend could reach the
    /// person twice: an intent is recorded before its request, and settled before anything is resent.
    public var needsIntent: Bool { about.needsIntent }
}

/// What a target is called and where its records go.
struct TargetDescription: Sendable {
    /// Every target, in the order reports list them.
    static let registered: [TargetDescription] = [
        .customAttributes, .subscriptions, .identityLinks, .segments, .products, .customEvents, .purchases, .addToCart, .productViews,
    ]

    var name: String
    var createWord = "create"
    var deleteWord = "delete"
    var endpoints: [Endpoint]
    var needsIntent = false
}
