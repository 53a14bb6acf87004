extension TargetDescription {
    static let subscriptions = TargetDescription(name: "subscriptions", createWord: "subscribe", deleteWord: "unsubscribe",
                                                 endpoints: [.subscribe, .unsubscribe, .subscriptions], needsIntent: true)
}

extension Target {
    public static let subscriptions = Target(.subscriptions)
}

/// One subscription entry of a mapping (a channel and type): a subscribe goes out once, when a
/// key turns opted-in; an unsubscribe only when a key this tool knows to be subscribed turns
/// opted-out (or leaves the source, when `onRemoved.subscriptions` is `unsubscribe`). Attentive
/// texts the person on both, so each goes out once per phone or email, however many keys share
/// it (`SharedAddresses`).
struct SubscriptionTarget: CustomerTarget {
    let entry: SubscriptionMapping
    /// The entry's place among the mapping's: its opt-in's in a record's `optIns`.
    let index: Int

    var target: Target { .subscriptions }
    var scope: Scope { entry.scope }

    func counts(_ record: Planner.Entry) -> Bool { record.optIns[index] != nil }

    /// A subscription's state per key: `{"address": …, "status": …}`.
    enum Status: String {
        case subscribed, unsubscribed
        /// First seen opted-out: recorded, nothing sent.
        case optedOut
    }

    static func payload(_ status: Status, address: String) -> String {
        AttributeSet.canonicalJSON(["status": .string(status.rawValue), "address": .string(address)])
    }

    func plan(_ records: Planner.Records, in planner: Planner, full: Bool, into plan: inout Plan) throws {
        let (mapping, state) = (planner.mapping, planner.state)
        let known = try state.payloads(mapping: mapping.name, scope: scope).compactMapValues(AttributeSet.decode)
        plan.unchanged[.subscriptions] = plan.unchanged[.subscriptions] ?? 0
        func status(_ key: String) -> Status? {
            guard case .string(let text)? = known[key]?["status"] else { return nil }
            return Status(rawValue: text)
        }
        func held(_ key: String) -> String? {
            guard case .string(let address)? = known[key]?["address"] else { return nil }
            return address
        }
        func address(_ record: Planner.Entry) -> String? { entry.channel == .text ? record.user.phone : record.user.email }
        /// Where a row's opt-in lands: its own address, and for an opt-out the address it is subscribed under.
        func addresses(_ key: String, _ record: Planner.Entry, optedIn: Bool) -> [String] {
            [address(record), !optedIn && status(key) == .subscribed ? held(key) : nil].compactMap { $0 }
        }
        let addressKind = entry.channel == .text ? "phone" : "email"
        var shared = SharedAddresses(subscribed: Set(known.keys.filter { status($0) == .subscribed }.compactMap(held)))
        records.forEach { key, record in
            guard let optedIn = record.optIns[index] else { return }
            for address in addresses(key, record, optedIn: optedIn) { shared.note(optedIn, address: address, line: record.line) }
        }
        try records.forEach { key, record in
            guard let optedIn = record.optIns[index] else { return }
            func reject(_ reason: String) {
                plan.rejected.append(RowRejection(line: record.line, reason: "subscriptions: \(reason)", target: .subscriptions))
                plan.unsettledKeys.insert(key)
            }
            if let other = shared.conflict(optedIn, at: addresses(key, record, optedIn: optedIn)) {
                return reject("\(entry.channel.rawValue) \(entry.type.rawValue): the \(addressKind) is also on line \(other) with the opposite opt-in; one person cannot be both, fix the source")
            }
            let current = status(key)
            switch (optedIn, current) {
            case (true, .subscribed), (false, .unsubscribed), (false, .optedOut):
                plan.unchanged[.subscriptions, default: 0] += 1
            case (true, _):
                guard let address = address(record) else {
                    return reject("\(entry.channel.rawValue) needs a valid \(addressKind)")
                }
                if shared.subscribed.contains(address) {
                    // Another key holds the address subscribed: the person is, already.
                    plan.unchanged[.subscriptions, default: 0] += 1
                    plan.refreshed.append(AcknowledgedRecord(scope: scope, key: key, fingerprint: 0,
                                                             payload: Self.payload(.subscribed, address: address)))
                    return
                }
                guard shared.claim(address) else {
                    // Another key of this plan subscribes the address; this key is recorded next run.
                    plan.unchanged[.subscriptions, default: 0] += 1
                    plan.unsettledKeys.insert(key)
                    return
                }
                try plan.changes.append(subscriptionChange(.subscribe, key: key, address: address, line: record.line, from: current))
            case (false, .subscribed):
                guard let address = held(key) else { return }
                guard shared.claim(address) else {
                    plan.unchanged[.subscriptions, default: 0] += 1
                    plan.refreshed.append(AcknowledgedRecord(scope: scope, key: key, fingerprint: 0,
                                                             payload: Self.payload(.unsubscribed, address: address)))
                    return
                }
                try plan.changes.append(subscriptionChange(.unsubscribe, key: key, address: address, line: record.line, from: current))
            case (false, nil):
                if entry.unsubscribeUnknown, let address = address(record), shared.claim(address) {
                    var change = subscriptionChange(.unsubscribe, key: key, address: address, line: record.line, from: nil)
                    change.checkFirst = true
                    try plan.changes.append(change)
                } else {
                    plan.unchanged[.subscriptions, default: 0] += 1
                    plan.refreshed.append(AcknowledgedRecord(scope: scope, key: key, fingerprint: 0,
                                                             payload: Self.payload(.optedOut, address: address(record) ?? "")))
                }
            }
        }
        guard mapping.onRemoved.subscriptions == .unsubscribe else { return }
        for key in known.keys.sorted() where records.isGone(key) && status(key) == .subscribed {
            guard let address = held(key), !shared.isOptedIn(address) else { continue }
            if shared.claim(address) {
                try plan.changes.append(subscriptionChange(.unsubscribe, key: key, address: address, line: nil, from: .subscribed))
            } else {
                plan.refreshed.append(AcknowledgedRecord(scope: scope, key: key, fingerprint: 0,
                                                         payload: Self.payload(.unsubscribed, address: address)))
            }
        }
    }

    func subscriptionChange(_ operation: Change.Operation, key: String, address: String,
                            line: Int?, from current: Status?) -> Change {
        let subscription = SubscriptionRef(channel: entry.channel, type: entry.type, address: address)
        let goal: Status = operation == .subscribe ? .subscribed : .unsubscribed
        return Change(
            key: key, target: .subscriptions, operation: operation, user: subscription.user, line: line,
            request: operation == .subscribe ? .subscribe(subscription, signUpSourceId: entry.signUpSourceId) : .unsubscribe(subscription),
            fields: [FieldChange(name: "\(entry.channel.rawValue) \(entry.type.rawValue)",
                                 old: current.map { .string($0.rawValue) }, new: .string(goal.rawValue))],
            acknowledged: AcknowledgedRecord(scope: scope, key: key, fingerprint: 0,
                                             payload: Self.payload(goal, address: address)))
    }
}
