/// What a change asks of Attentive, per target: the endpoint it goes to and what its body is
/// made of. The JSON body is written when the request is sent, so a plan does not hold every
/// change's body as text beside the values it already keeps.
public enum Request: Sendable, Equatable {
    /// `POST /attributes/custom` with these properties (canonical JSON).
    case customAttributes(properties: String)
    case subscribe(SubscriptionRef, signUpSourceId: String)
    case unsubscribe(SubscriptionRef)
    /// `POST /identity-resolution/user-identifiers` with the links present.
    case identify(links: [String: String])
    /// A product line in a catalog upload file: no request of its own.
    case catalogProduct
    /// A member added to (or removed from) a segment, in a bulk members request.
    case segmentMember(SegmentRef, add: Bool)
    /// An event: its body's members other than `user` (JSON, without the braces).
    case event(EventKind, members: String)

    public var endpoint: Endpoint {
        switch self {
        case .customAttributes: .customAttributes
        case .subscribe: .subscribe
        case .unsubscribe: .unsubscribe
        case .identify: .identify
        case .catalogProduct: .catalogUploads
        case .segmentMember(_, let add): add ? .addSegmentMembers : .removeSegmentMembers
        case .event(let kind, _): kind.endpoint
        }
    }

    /// The JSON body for `user`, the person the change is about.
    public func body(user: UserIdentity) -> String {
        switch self {
        case .customAttributes(let properties): RequestBody.customAttributes(user: user, properties: properties)
        case .subscribe(let subscription, let signUpSourceId): RequestBody.subscribe(subscription, signUpSourceId: signUpSourceId)
        case .unsubscribe(let subscription): RequestBody.unsubscribe(subscription)
        case .identify(let links): RequestBody.identify(user: user, links: links)
        case .catalogProduct: ""
        case .segmentMember: RequestBody.user(user)
        case .event(_, let members): "{" + members + ",\"user\":" + RequestBody.user(user) + "}"
        }
    }

    var isSegmentMember: Bool {
        if case .segmentMember = self { return true }
        return false
    }

    /// The subscription a subscribe or unsubscribe is about (checked with `GET /subscriptions`).
    public var subscription: SubscriptionRef? {
        switch self {
        case .subscribe(let subscription, _), .unsubscribe(let subscription): subscription
        case .customAttributes, .identify, .catalogProduct, .segmentMember, .event: nil
        }
    }
}

/// A segment as a change names it: found by its external id, created with its name when missing.
public struct SegmentRef: Sendable, Equatable, Hashable {
    public var externalId: String
    public var name: String
}
