/// How one target of a customer mapping diffs: the part of the plan that is the target's own.
/// Each implementation sits in its target's folder with the target's `Target` value, and is
/// registered in `Mapping.targets`; the planner reads the rows once and hands every target the
/// same records.
protocol CustomerTarget: Sendable {
    /// The target whose changes, counts and rejections this one adds to a plan.
    var target: Target { get }
    /// The slice of the state where the target's records are kept per key.
    var scope: Scope { get }
    /// Whether a record counts in this target when its row is unchanged (a subscription entry's,
    /// only when its opt-in cell has a value).
    func counts(_ entry: Planner.Entry) -> Bool
    /// Diffs `records` against what the state holds for the target: changes, unchanged counts,
    /// rejections, keys left unsettled and state to refresh go into `plan`.
    func plan(_ records: Planner.Records, in planner: Planner, full: Bool, into plan: inout Plan) throws
}

extension Mapping {
    /// The mapping's targets in the order they are planned, each with the bit that stands for it
    /// in a row digest's `counted` (`UnchangedTargets`): custom attributes 1, identity links 2,
    /// subscription entry `n` 4 << n, segment `n` 1 << (32 + n).
    var targets: [(bit: UInt64, target: any CustomerTarget)] {
        var targets: [(bit: UInt64, target: any CustomerTarget)] = []
        if !customAttributes.isEmpty { targets.append((1, CustomAttributesTarget())) }
        for (index, entry) in subscriptions.enumerated() { targets.append((4 << UInt64(index), SubscriptionTarget(entry: entry, index: index))) }
        if identityLinks != nil { targets.append((2, IdentityLinksTarget())) }
        for (index, segment) in segments.enumerated() { targets.append((1 << (32 + UInt64(index)), SegmentTarget(entry: segment, index: index))) }
        return targets
    }
}
