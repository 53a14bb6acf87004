import Foundation

/// Asks Attentive whether a person is subscribed (`GET /subscriptions`): before an unsubscribe of
/// an unknown key, and whenever a subscribe or unsubscribe may have happened but its answer was lost.
struct SubscriptionCheck: Sendable {
    let requests: RequestLoop

    /// Whether the person holds the subscription; nil when Attentive could not be asked.
    func isSubscribed(_ subscription: SubscriptionRef) async -> Bool? {
        let parameter = subscription.channel == .text ? "phone" : "email"
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let query = parameter + "=" + (subscription.address.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        let outcome: RequestLoop.Outcome<Never> = await requests.send(.subscriptions, body: nil, query: query)
        guard case .answered(.acknowledged(_, let body), _) = outcome else { return nil }
        return Self.holds(subscription, in: body)
    }

    /// Reads `subscriptionEligibilities` for the subscription's type and channel.
    static func holds(_ subscription: SubscriptionRef, in body: String) -> Bool {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        let eligibilities = object?["subscriptionEligibilities"] as? [[String: Any]] ?? []
        return eligibilities.contains { eligibility in
            let held = eligibility["subscription"] as? [String: Any]
            let isEligible = (eligibility["eligibility"] as? [String: Any])?["isEligible"] as? Bool
            return held?["type"] as? String == subscription.type.rawValue
                && held?["channel"] as? String == subscription.channel.rawValue
                && isEligible == true
        }
    }

    /// `NEWLY_CREATED` or `PREVIOUSLY_CREATED` from a subscribe's answer.
    static func creationStatus(in body: String) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        let responses = object?["subscriptionResponses"] as? [[String: Any]]
        return responses?.first?["subscriptionCreationStatus"] as? String
    }
}
