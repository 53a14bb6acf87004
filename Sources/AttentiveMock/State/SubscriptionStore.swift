/// The subscriptions the fake holds: per address (a phone for TEXT, an email for
/// EMAIL), channel and type, whether the person is subscribed now.
public struct SubscriptionStore: Sendable {
    /// One subscription slot.
    public struct Key: Sendable, Hashable, Comparable {
        /// The phone (TEXT) or email (EMAIL).
        public var address: String
        public var channel: String
        public var type: String

        public init(address: String, channel: String, type: String) {
            self.address = address
            self.channel = channel
            self.type = type
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.address, lhs.channel, lhs.type) < (rhs.address, rhs.channel, rhs.type)
        }
    }

    /// What happened to one subscription in a subscribe or unsubscribe call.
    public struct Change: Sendable, Hashable {
        public var channel: String
        public var type: String
        /// `NEWLY_CREATED`, `PREVIOUSLY_CREATED`, `NEWLY_UNSUBSCRIBED` or `PREVIOUSLY_UNSUBSCRIBED`.
        public var status: String
    }

    /// The type `POST /subscriptions` opts people into.
    public static let signUpType = "MARKETING"

    /// Subscribed (`true`) or opted out (`false`), by slot.
    public private(set) var states: [Key: Bool] = [:]
    /// The sign-up source each slot was last opted in through.
    public private(set) var signUpSources: [Key: String] = [:]
    /// Opt-ins sent for a subscription that was already active: for TEXT, Attentive
    /// texts the person again, which is why the tool must not do this.
    public private(set) var duplicateSubscriptions = 0

    public init() {}

    /// Opts `phone` into TEXT and `email` into EMAIL marketing.
    public mutating func subscribe(phone: String?, email: String?, signUpSourceId: String) -> [Change] {
        Self.addresses(phone: phone, email: email).map { address, channel in
            subscribe(Key(address: address, channel: channel, type: Self.signUpType), signUpSourceId: signUpSourceId)
        }
    }

    /// Opts one slot in (a bulk record names the channel and type).
    public mutating func subscribe(_ key: Key, signUpSourceId: String) -> Change {
        let already = states[key] == true
        if already { duplicateSubscriptions += 1 }
        states[key] = true
        signUpSources[key] = signUpSourceId
        return Change(channel: key.channel, type: key.type, status: already ? "PREVIOUSLY_CREATED" : "NEWLY_CREATED")
    }

    /// Opts the person out of the requested `(type, channel)` pairs (either may be `nil`
    /// for "any"), or out of everything they hold when `requested` is `nil`. The phone
    /// reaches only TEXT subscriptions, the email only EMAIL ones.
    public mutating func unsubscribe(phone: String?, email: String?, requested: [(type: String?, channel: String?)]?) -> [Change] {
        var keys: [Key] = []
        for (address, channel) in Self.addresses(phone: phone, email: email) {
            let held = states.keys.filter { $0.address == address && $0.channel == channel }
            guard let requested else {
                keys += held
                continue
            }
            for wanted in requested where wanted.channel == nil || wanted.channel == channel {
                if let type = wanted.type {
                    keys.append(Key(address: address, channel: channel, type: type))
                } else {
                    keys += held
                }
            }
        }
        var changes: [Change] = []
        for key in Set(keys).sorted() {
            let wasSubscribed = states[key] == true
            states[key] = false
            changes.append(Change(channel: key.channel, type: key.type, status: wasSubscribed ? "NEWLY_UNSUBSCRIBED" : "PREVIOUSLY_UNSUBSCRIBED"))
        }
        return changes
    }

    /// Every subscription known for the phone (TEXT) and email (EMAIL), with whether it is active.
    public func eligibilities(phone: String?, email: String?) -> [(key: Key, isEligible: Bool)] {
        let addresses = Self.addresses(phone: phone, email: email)
        return states.filter { entry in addresses.contains { $0.address == entry.key.address && $0.channel == entry.key.channel } }
            .sorted { $0.key < $1.key }
            .map { ($0.key, $0.value) }
    }

    private static func addresses(phone: String?, email: String?) -> [(address: String, channel: String)] {
        var addresses: [(address: String, channel: String)] = []
        if let phone { addresses.append((phone, "TEXT")) }
        if let email { addresses.append((email, "EMAIL")) }
        return addresses
    }

    /// The `/_mock/subscriptions` document: one entry per slot, sorted.
    public var json: JSONValue {
        .array(states.sorted { $0.key < $1.key }.map { key, subscribed in
            var entry: [String: JSONValue] = [
                "address": .string(key.address), "channel": .string(key.channel),
                "type": .string(key.type), "subscribed": .bool(subscribed),
            ]
            if let source = signUpSources[key] { entry["signUpSourceId"] = .string(source) }
            return .object(entry)
        })
    }
}
