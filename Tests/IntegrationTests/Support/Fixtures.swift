import Foundation

/// A temporary folder holding a customer CSV and a mapping that reads it.
final class SyncFixture {
    let directory: URL
    var mappingPath: String { directory.appendingPathComponent("mapping.json").path }
    var csvPath: String { directory.appendingPathComponent("customers.csv").path }
    var statePath: String { directory.appendingPathComponent("state.sqlite").path }

    init() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("attentive-sync-it-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The phone of customer `i`, as a messy national US number (valid for libphonenumber).
    static func phone(_ i: Int) -> String { "(212) 736-\(5000 + i)" }
    static func e164(_ i: Int) -> String { "+1212736\(5000 + i)" }

    /// `count` valid customers; `tier(i)` picks each one's tier.
    func writeCustomers(count: Int, tier: (Int) -> String = { ["Bronze", "Silver", "Gold"][$0 % 3] }) {
        var csv = "phone,email,tier,ltv,vip\r\n"
        for i in 0..<count {
            csv += "\(Self.phone(i)),Customer.\(i)@Example.com,\(tier(i)),\(i).50,\(i % 2 == 0 ? "yes" : "N")\r\n"
        }
        write(csv, to: csvPath)
    }

    func writeMapping(columns: [String: String] = [:], extra: String = "") {
        let mapping = """
            {"name": "it", "source": {"csv": {"path": "customers.csv"}},
             "identity": {"phone": {"column": "phone", "defaultRegion": "US"}, "email": "email"},
             "customAttributes": {"Tier": "\(columns["tier"] ?? "tier")", "LTV": {"column": "ltv", "type": "number"},
                                  "VIP": {"column": "vip", "type": "boolean"}, "Source": {"value": "warehouse"}}\(extra)}
            """
        write(mapping, to: mappingPath)
    }

    func write(_ text: String, to path: String) {
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// `attentive-sync COMMAND mapping.json --state …` plus `arguments`.
    func run(_ command: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> CommandResult {
        try attentiveSync([command, mappingPath, "--state", statePath] + arguments, environment: environment)
    }
}
