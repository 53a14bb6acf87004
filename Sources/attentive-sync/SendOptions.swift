import ArgumentParser
import Logging
import SyncCore

/// How hard `run` pushes, and how it stops; the defaults are Attentive's documented limits.
struct SendOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Requests in flight at once per endpoint (default 16): N for every endpoint, ENDPOINT=N for one (repeatable).",
        discussion: "Endpoints: \(Endpoint.configurable.map(\.name).joined(separator: ", ")).",
        valueName: "[ENDPOINT=]N"))
    var concurrency: [EndpointSetting<Int>] = []

    @Option(help: ArgumentHelp(
        "Requests per second to start from (default: each endpoint's documented limit; the sender then learns the account's "
            + "real limits from Attentive's answers): N for every endpoint, ENDPOINT=N for one (repeatable).",
        valueName: "[ENDPOINT=]N"))
    var rateLimit: [EndpointSetting<Double>] = []

    @Option(help: "Attempts per request, the first included, on 429, 5xx and transport errors.")
    var maxAttempts = 6

    @Option(help: "Seconds a request may take, its whole answer included. A subscribe or unsubscribe whose answer does not come in time is checked with Attentive twice that long after it went out, never sent again before.")
    var requestTimeout: Double = 30

    @Option(help: "Seconds requests in flight may take to finish after SIGINT or SIGTERM.")
    var stopTimeout: Double = 30

    @Option(help: "single: a request per record; bulk: custom attributes, subscribes and identity links in Attentive's v2 bulk jobs (256 people a request); auto: bulk when at least --bulk-threshold changes can go in bulk.")
    var sendMode: SendMode = .auto

    @Option(help: "Changes from which --send-mode auto sends in bulk.")
    var bulkThreshold = 10_000

    @Option(help: "Seconds a run waits for its bulk jobs to complete; records of jobs still running then are pending, settled by the next run.")
    var bulkWait: Double = 600

    @Option(help: "Seconds after a bulk request whose answer was lost before its subscribes are checked with GET /subscriptions (Attentive processes bulk jobs within 12 hours); never sent again before.")
    var bulkSettleAfter: Double = 12 * 3600

    func validate() throws {
        for setting in concurrency where setting.value < 1 {
            throw ValidationError("--concurrency \(setting): must be at least 1")
        }
        for setting in rateLimit where !(setting.value > 0) {
            throw ValidationError("--rate-limit \(setting): must be above 0")
        }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard stopTimeout >= 0 else { throw ValidationError("--stop-timeout must not be negative") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be above 0") }
        guard bulkThreshold >= 0 else { throw ValidationError("--bulk-threshold must not be negative") }
        guard bulkWait >= 0, bulkSettleAfter >= 0 else { throw ValidationError("--bulk-wait and --bulk-settle-after must not be negative") }
    }

    var timeout: Duration { .milliseconds(Int64(requestTimeout * 1000)) }

    var configuration: SenderConfiguration {
        var configuration = SenderConfiguration(retry: RetryPolicy(maxAttempts: maxAttempts), settleDelay: timeout * 2,
                                                bulkWait: .milliseconds(Int64(bulkWait * 1000)),
                                                bulkSettleDelay: .milliseconds(Int64(bulkSettleAfter * 1000)))
        for setting in concurrency {
            if let endpoint = setting.endpoint { configuration.concurrency[endpoint] = setting.value }
            else { configuration.defaultConcurrency = setting.value }
        }
        for setting in rateLimit {
            if let endpoint = setting.endpoint { configuration.rateLimits[endpoint] = setting.value }
            else { configuration.defaultRateLimit = setting.value }
        }
        return configuration
    }
}

extension SendMode: ExpressibleByArgument {}

/// `N` (every endpoint) or `ENDPOINT=N` (one endpoint).
struct EndpointSetting<Value: LosslessStringConvertible & Sendable>: ExpressibleByArgument, CustomStringConvertible, Sendable {
    var endpoint: String?
    var value: Value

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            guard Endpoint.configurable.contains(where: { $0.name == parts[0] }), let value = Value(parts[1]) else { return nil }
            endpoint = parts[0]
            self.value = value
        } else {
            guard let value = Value(argument) else { return nil }
            self.value = value
        }
    }

    var description: String { endpoint.map { "\($0)=\(value)" } ?? "\(value)" }
}

/// The guards against mass changes (`run` enforces them; `plan` shows them as warnings).
struct GuardOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Most removals (unsubscribes, attribute clears, products marked unavailable) a target may have: a count, or a share of the keys the state knows for it (default 10%).",
        valueName: "N|P%"))
    var maxRemovals: RemovalLimitArgument?

    @Flag(help: "Send subscribes even though the state records no run of this mapping (Attentive texts existing subscribers who are subscribed again).")
    var firstRun = false

    @Flag(help: "Override every guard against mass changes for this run (a deliberate backfill or clean-up).")
    var allowMassChange = false

    var massChangeGuard: MassChangeGuard {
        MassChangeGuard(maxRemovals: maxRemovals?.limit ?? .default, firstRunAllowed: firstRun)
    }

    /// What the guard finds in `plan` (nothing with `--allow-mass-change`).
    func findings(_ plan: Plan, state: any StateStore) throws -> [MassChangeGuard.Finding] {
        guard !allowMassChange else { return [] }
        return try massChangeGuard.check(plan, known: { try state.recordCounts(mapping: plan.mapping) },
                                     hasRuns: try state.hasRuns(mapping: plan.mapping), statePath: state.path)
    }
}

struct RemovalLimitArgument: ExpressibleByArgument {
    var limit: MassChangeGuard.RemovalLimit
    init?(argument: String) {
        guard let limit = MassChangeGuard.RemovalLimit(argument: argument) else { return nil }
        self.limit = limit
    }
}

/// `--wait [SECONDS]`: wait for another run of the same mapping instead of exiting 3.
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Wait for another run of this mapping to finish (for SECONDS, or without a value as long as it takes) instead of exiting with status 3.",
        valueName: "SECONDS"))
    var wait: WaitTime?

    /// Takes the mapping's run lock on the state at `state`, logging once while it waits.
    func acquire(state: StateLocation, mapping: String, command: String, logger: Logger) async throws -> any Sendable {
        try await state.lock(mapping: mapping, command: command, wait: wait?.duration) { holder in
            logger.info("waiting for another run of the mapping to finish", metadata: [
                "mapping": "\(mapping)", "holder": "\(holder.map(\.description) ?? "another process")",
            ])
        }
    }
}

/// Seconds, or `forever` (what a bare `--wait` becomes).
struct WaitTime: ExpressibleByArgument {
    static let forever = "forever"
    var duration: Duration

    init?(argument: String) {
        if argument == Self.forever { duration = .seconds(100 * 365 * 86_400); return }
        guard let seconds = Double(argument), seconds >= 0 else { return nil }
        duration = .milliseconds(Int64(seconds * 1000))
    }

    /// Gives a bare `--wait` (last, or followed by another option) its `forever` value,
    /// since options cannot take an optional value.
    static func normalize(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            result.append(argument)
            guard argument == "--wait" else { continue }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if next == nil || next!.hasPrefix("-") || Double(next!) == nil { result.append(forever) }
        }
        return result
    }
}
