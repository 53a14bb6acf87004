import Foundation

/// Settles the intents an interrupted run left behind, before anything is planned or sent:
/// a subscribe or unsubscribe that Attentive shows applied is recorded as acknowledged; one
/// that did not happen is forgotten, so the plan sends it again.
public struct IntentResolver: Sendable {
    public let sender: Sender

    public init(sender: Sender) {
        self.sender = sender
    }

    /// What was settled.
    public struct Outcome: Sendable, Equatable {
        /// Requests found applied and now recorded.
        public var applied = 0
        /// Requests found not applied; the plan sends them again.
        public var notApplied = 0
        /// Subscribes of a bulk request whose answer was lost, not yet asked about: Attentive may
        /// still be processing the job (`bulkSettleDelay`). They stay held.
        public var waiting = 0
        /// eCommerce events of an interrupted run, now recorded as unknown: not sent again.
        public var unknown = 0
    }

    /// - Throws: `ResolutionError` when Attentive cannot be asked: nothing may be sent until it can.
    public func resolve(mapping: String, state: any StateStore) async throws -> Outcome {
        let check = sender.check
        var outcome = Outcome()
        for intent in try state.pendingIntents(mapping: mapping) {
            // An event of a killed run may have reached Attentive, and nothing tells: unknown.
            if case .event = intent.scope {
                let unknown = AcknowledgedRecord(scope: intent.scope, key: intent.key, fingerprint: 0,
                                                 payload: EventPlanner.unknownPayload)
                try state.acknowledge(mapping: mapping, [unknown], resolvingIntents: [intent.id])
                outcome.unknown += 1
                continue
            }
            guard let subscription = Self.subscription(of: intent) else {
                try state.dropIntent(intent.id)
                continue
            }
            // A request of a run that just ended may still be landing: ask once it has had time to.
            let delay = intent.bulk ? sender.configuration.bulkSettleDelay : sender.configuration.settleDelay
            let landing = intent.recordedAt.addingTimeInterval(delay.seconds).timeIntervalSinceNow
            if landing > 0, intent.bulk {
                outcome.waiting += 1
                continue
            }
            if landing > 0 {
                sender.logger.info("waiting for a request of an interrupted run to land before asking Attentive about it",
                                   metadata: ["seconds": "\(Int(landing.rounded(.up)))"])
                try await Task.sleep(for: .milliseconds(Int64(landing * 1000)))
            }
            guard let subscribed = await check.isSubscribed(subscription) else {
                throw ResolutionError(description: "cannot learn from Attentive (GET /subscriptions did not answer as documented) whether a request of an interrupted run took effect; nothing was sent, run again later")
            }
            if subscribed == (intent.operation == .subscribe) {
                let acknowledged = AcknowledgedRecord(scope: intent.scope, key: intent.key, fingerprint: 0, payload: intent.payload)
                try state.acknowledge(mapping: mapping, [acknowledged], resolvingIntents: [intent.id])
                outcome.applied += 1
            } else {
                try state.dropIntent(intent.id)
                outcome.notApplied += 1
            }
        }
        return outcome
    }

    /// The subscription an intent is about: its scope names channel and type, its user the address.
    static func subscription(of intent: PendingIntent) -> SubscriptionRef? {
        guard case .subscription(let channel, let type) = intent.scope,
              case .string(let address)? = AttributeSet.decode(intent.user)?[channel == .text ? "phone" : "email"]
        else { return nil }
        return SubscriptionRef(channel: channel, type: type, address: address)
    }
}

/// Intents of an interrupted run could not be settled.
public struct ResolutionError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
