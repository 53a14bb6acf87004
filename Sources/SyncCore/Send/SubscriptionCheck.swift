import Foundation

/// Asks Attentive whether a person is subscribed (`GET /subscriptions`): before an unsubscribe of
/// an unknown key, and whenever a subscribe or unsubscribe may have happened but its answer was lost.
struct SubscriptionCheck: Sendable {
    let requests: RequestLoop

    /// Whether the person holds the subscription; nil when Attentive could not be asked or
    /// answered in a shape other than the documented one.
    func isSubscribed(_ subscription: SubscriptionRef) async -> Bool? {
        let parameter = subscription.channel == .text ? "phone" : "email"
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let query = parameter + "=" + (subscription.address.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        let outcome: RequestLoop.Outcome<Never> = await requests.send(.subscriptions, body: nil, query: query)
        guard case .answered(.acknowledged(_, let body), _) = outcome else { return nil }
        return Self.holds(subscription, in: body)
    }

    /// Reads `subscriptionEligibilities` for the subscription's type and channel, strictly: an
    /// answer of any other shape (an HTML page from a proxy, other JSON) is nil, never "not
    /// subscribed" — that would send the subscribe again.
    static func holds(_ subscription: SubscriptionRef, in body: String) -> Bool? {
        guard let answer = try? JSONDecoder().decode(Eligibilities.self, from: Data(body.utf8)) else { return nil }
        return answer.subscriptionEligibilities.contains {
            $0.subscription.type == subscription.type.rawValue && $0.subscription.channel == subscription.channel.rawValue
                && $0.eligibility.isEligible
        }
    }

    /// `GetSubscriptionsResponseDto`, every field required.
    struct Eligibilities: Decodable {
        struct Entry: Decodable {
            struct Subscription: Decodable { var type: String, channel: String }
            struct Eligibility: Decodable { var isEligible: Bool }
            var subscription: Subscription
            var eligibility: Eligibility
        }
        var subscriptionEligibilities: [Entry]
    }

    /// `NEWLY_CREATED` or `PREVIOUSLY_CREATED` from a subscribe's answer.
    static func creationStatus(in body: String) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        let responses = object?["subscriptionResponses"] as? [[String: Any]]
        return responses?.first?["subscriptionCreationStatus"] as? String
    }
}
