/// Subscriptions: a subscribe goes out once, when a key turns opted-in; an unsubscribe only
/// when a key this tool knows to be subscribed turns opted-out (or leaves the source, when
/// `onRemoved.subscriptions` is `unsubscribe`). Attentive texts the person on both.
extension Planner {
    /// A subscription's state per key: `{"address": …, "status": …}`.
    enum SubscriptionStatus: String {
        case subscribed, unsubscribed
        /// First seen opted-out: recorded, nothing sent.
        case optedOut
    }

    static func subscriptionPayload(_ status: SubscriptionStatus, address: String) -> String {
        AttributeSet.canonicalJSON(["status": .string(status.rawValue), "address": .string(address)])
    }

    func planSubscription(_ entry: SubscriptionMapping, _ records: Records, into plan: inout Plan) throws {
        let index = mapping.subscriptions.firstIndex(of: entry)!
        let known = try state.payloads(mapping: mapping.name, scope: entry.scope).compactMapValues(AttributeSet.decode)
        plan.unchanged[.subscriptions] = plan.unchanged[.subscriptions] ?? 0
        func status(_ key: String) -> SubscriptionStatus? {
            guard case .string(let text)? = known[key]?["status"] else { return nil }
            return SubscriptionStatus(rawValue: text)
        }
        records.forEach { key, record in
            guard let optedIn = record.optIns[index] else { return }
            let current = status(key)
            let address = entry.channel == .text ? record.user.phone : record.user.email
            switch (optedIn, current) {
            case (true, .subscribed), (false, .unsubscribed), (false, .optedOut):
                plan.unchanged[.subscriptions, default: 0] += 1
            case (true, _):
                guard let address else {
                    plan.rejected.append(RowRejection(line: record.line, reason: "subscriptions: \(entry.channel.rawValue) needs a valid \(entry.channel == .text ? "phone" : "email")", target: .subscriptions))
                    return
                }
                plan.changes.append(subscriptionChange(.subscribe, entry, key: key, address: address, line: record.line, from: current))
            case (false, .subscribed):
                guard case .string(let held)? = known[key]?["address"] else { return }
                plan.changes.append(subscriptionChange(.unsubscribe, entry, key: key, address: held, line: record.line, from: current))
            case (false, nil):
                if entry.unsubscribeUnknown, let address {
                    var change = subscriptionChange(.unsubscribe, entry, key: key, address: address, line: record.line, from: nil)
                    change.checkFirst = true
                    plan.changes.append(change)
                } else {
                    plan.unchanged[.subscriptions, default: 0] += 1
                    plan.refreshed.append(AcknowledgedRecord(scope: entry.scope, key: key, fingerprint: 0,
                                                             payload: Self.subscriptionPayload(.optedOut, address: address ?? "")))
                }
            }
        }
        guard mapping.onRemoved.subscriptions == .unsubscribe else { return }
        for key in known.keys.sorted() where records.isGone(key) && status(key) == .subscribed {
            guard case .string(let held)? = known[key]?["address"] else { continue }
            plan.changes.append(subscriptionChange(.unsubscribe, entry, key: key, address: held, line: nil, from: .subscribed))
        }
    }

    func subscriptionChange(_ operation: Change.Operation, _ entry: SubscriptionMapping, key: String, address: String,
                            line: Int?, from current: SubscriptionStatus?) -> Change {
        let subscription = SubscriptionRef(channel: entry.channel, type: entry.type, address: address)
        let goal: SubscriptionStatus = operation == .subscribe ? .subscribed : .unsubscribed
        return Change(
            key: key, target: .subscriptions, operation: operation, user: subscription.user, line: line,
            endpoint: operation == .subscribe ? .subscribe : .unsubscribe,
            body: operation == .subscribe
                ? RequestBody.subscribe(subscription, signUpSourceId: entry.signUpSourceId)
                : RequestBody.unsubscribe(subscription),
            fields: [FieldChange(name: "\(entry.channel.rawValue) \(entry.type.rawValue)",
                                 old: current.map { .string($0.rawValue) }, new: .string(goal.rawValue))],
            acknowledged: AcknowledgedRecord(scope: entry.scope, key: key, fingerprint: 0,
                                             payload: Self.subscriptionPayload(goal, address: address)),
            subscription: subscription)
    }
}
