import Foundation

/// Customers with SMS and email opt-ins and identity links, and a mapping that syncs them.
extension SyncFixture {
    /// Writes `count` customers; `smsOptIn(i)` / `emailOptIn(i)` give each one's opt-ins ("" for none).
    func writeSubscribers(count: Int, smsOptIn: (Int) -> String, emailOptIn: (Int) -> String = { $0 % 3 == 0 ? "no" : "yes" },
                          shopifyID: (Int) -> String = { "shop-\($0)" }) {
        var csv = "customer_id,phone,email,sms_opt_in,email_opt_in,shopify_id,loyalty_id\n"
        for i in 0..<count {
            csv += "C\(i),\(Self.phone(i)),customer.\(i)@example.com,\(smsOptIn(i)),\(emailOptIn(i)),\(shopifyID(i)),L-\(i)\n"
        }
        write(csv, to: csvPath)
    }

    func writeSubscriptionMapping(onRemoved: String = "ignore", unsubscribeUnknown: Bool = false) {
        write("""
            {"name": "subs", "source": {"csv": {"path": "customers.csv"}},
             "identity": {"phone": "phone", "email": "email"},
             "subscriptions": [
               {"channel": "TEXT", "type": "MARKETING", "signUpSourceId": "100", "optIn": "sms_opt_in", "unsubscribeUnknown": \(unsubscribeUnknown)},
               {"channel": "EMAIL", "type": "MARKETING", "signUpSourceId": "200", "optIn": {"column": "email_opt_in", "type": "boolean"}}],
             "identityLinks": {"clientUserId": "customer_id", "shopifyId": "shopify_id", "customIdentifiers": {"loyaltyId": "loyalty_id"}},
             "onRemoved": {"subscriptions": "\(onRemoved)"}}
            """, to: mappingPath)
    }
}

extension MockProcess {
    /// `/_mock/subscriptions`: (address, channel) pairs currently subscribed.
    func subscribed() async throws -> Set<String> {
        let list = try await inspect("/_mock/subscriptions") as? [[String: Any]] ?? []
        return Set(list.compactMap { entry in
            guard entry["subscribed"] as? Bool == true, let address = entry["address"] as? String,
                  let channel = entry["channel"] as? String else { return nil }
            return "\(channel) \(address)"
        })
    }

    /// How many requests to `path` took effect (answered 2xx, or processed with the answer dropped), per request body's user.
    func appliedRequests(_ path: String) async throws -> [String: Int] {
        let requests = try await inspect("/_mock/requests?path=\(path)") as? [[String: Any]] ?? []
        var counts: [String: Int] = [:]
        for request in requests {
            let status = request["status"] as? Int ?? 0
            guard request["method"] as? String == "POST", request["path"] as? String == path, (200..<300).contains(status) else { continue }
            let user = (request["body"] as? [String: Any])?["user"] as? [String: Any] ?? [:]
            let address = user["phone"] as? String ?? user["email"] as? String ?? "?"
            counts[address, default: 0] += 1
        }
        return counts
    }
}
