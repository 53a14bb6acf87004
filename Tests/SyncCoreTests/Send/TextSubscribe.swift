import Foundation
@testable import SyncCore

extension Change {
    /// A TEXT MARKETING subscribe of `+1212736500i`, as the planner makes it.
    static func textSubscribe(_ i: Int = 0, plannerState directory: TemporaryDirectory) -> Change {
        let entry = SubscriptionMapping(channel: .text, type: .marketing, signUpSourceId: "7",
                                        optIn: ValueReference(origin: .column("sms"), type: .boolean))
        let phone = "+1212736\(5000 + i)"
        return SubscriptionTarget(entry: entry, index: 0).subscriptionChange(.subscribe, key: phone, address: phone, line: 2, from: nil)
    }
}
