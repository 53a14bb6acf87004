/// Keys that share a phone (TEXT) or an email (EMAIL) are one person to Attentive, whatever
/// the primary key: a subscription is sent once per address, and rows that disagree about it
/// are rejected rather than texting the person twice.
struct SharedAddresses {
    /// Per address, the first line of a row opting in (true) and opting out (false).
    private var lines: [String: [Bool: Int]] = [:]
    /// Addresses a key of the state holds subscribed.
    let subscribed: Set<String>
    /// Addresses with a subscribe or unsubscribe in the plan.
    private var claimed: Set<String> = []

    init(subscribed: Set<String>) {
        self.subscribed = subscribed
    }

    mutating func note(_ optIn: Bool, address: String, line: Int) {
        if lines[address, default: [:]][optIn] == nil { lines[address, default: [:]][optIn] = line }
    }

    /// The line of a row that says the opposite about one of `addresses`.
    func conflict(_ optIn: Bool, at addresses: [String]) -> Int? {
        addresses.lazy.compactMap { lines[$0]?[!optIn] }.first
    }

    /// Whether a row of the source opts `address` in.
    func isOptedIn(_ address: String) -> Bool {
        lines[address]?[true] != nil
    }

    /// Takes `address` for one change; false when another key of the plan already has it.
    mutating func claim(_ address: String) -> Bool {
        claimed.insert(address).inserted
    }
}
