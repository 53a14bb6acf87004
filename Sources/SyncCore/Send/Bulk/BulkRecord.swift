/// One person in a bulk request: in `POST /v2/bulk/user/attributes`, the custom attributes,
/// subscribes and identity links of the person's changes in one record (`json`); in a segment
/// members request, the person as a member (one change).
struct BulkRecord: Sendable {
    var key: String
    /// The changes the record carries: at most one per target's scope.
    var changes: [Change]

    /// Whether a lost answer could leave a subscribe applied: then the record is not sent again
    /// before Attentive shows whether it was.
    var carriesSubscriptions: Bool { changes.contains { $0.request.subscription != nil } }

    /// The record without its subscribes, nil when nothing else is left.
    var withoutSubscriptions: BulkRecord? {
        let rest = changes.filter { $0.request.subscription == nil }
        return rest.isEmpty ? nil : BulkRecord(key: key, changes: rest)
    }

    /// The person's phone and email, from whichever change has them.
    var user: UserIdentity {
        UserIdentity(phone: changes.lazy.compactMap(\.user.phone).first, email: changes.lazy.compactMap(\.user.email).first)
    }

    /// How the record is told in its job's results: the phone and email it was submitted with.
    var signature: String { Self.signature(phone: user.phone, email: user.email) }

    static func signature(phone: String?, email: String?) -> String {
        "\(phone ?? "")\u{1F}\(email ?? "")"
    }

    /// `CreateUserAttributesRequestDtoV21`: `identifiers` (phone, email, and the links of an
    /// identity change), `attributes.custom`, `subscriptions`.
    var json: String {
        var links: [String: String] = [:]
        var members: [String] = []
        var subscriptions: [String] = []
        for change in changes {
            switch change.request {
            case .customAttributes(let properties):
                members.append("\"attributes\":{\"custom\":" + properties + "}")
            case .subscribe(let subscription, let signUpSourceId):
                subscriptions.append("{\"signUpSourceId\":" + JSONText.quoted(signUpSourceId) + ",\"channel\":\"\(subscription.channel.rawValue)\""
                                     + ",\"subscriptionType\":\"\(subscription.type.rawValue)\"}")
            case .identify(let linked):
                links = linked
            case .unsubscribe, .catalogProduct, .segmentMember, .event:
                preconditionFailure("\(change.operation) has no bulk form")
            }
        }
        if !subscriptions.isEmpty { members.append("\"subscriptions\":[" + subscriptions.joined(separator: ",") + "]") }
        let identifiers = RequestBody.identifierMembers(user: user, links: links, customName: "key")
        return "{\"identifiers\":{" + identifiers.joined(separator: ",") + "}" + members.map { "," + $0 }.joined() + "}"
    }

    /// Whether `change` can be carried by a bulk record: custom attributes, subscribes, identity
    /// links. Unsubscribes have no bulk form.
    static func carries(_ change: Change) -> Bool {
        switch change.request {
        case .customAttributes, .subscribe, .identify: true
        case .unsubscribe, .catalogProduct, .segmentMember, .event: false
        }
    }

    /// The request body for `records`: `{"users": [...]}`.
    static func requestBody(_ records: [BulkRecord]) -> String {
        "{\"users\":[" + records.map(\.json).joined(separator: ",") + "]}"
    }
}
