/// Why a request ended as it did, beyond its status: what the stats count.
public enum RequestOutcome: Sendable, Hashable {
    /// Processed (whatever the status).
    case handled
    /// The body failed its operation's schema (400).
    case schemaViolation
    /// Broke one of Attentive's own rules (400).
    case ruleViolation
    /// Over the endpoint's rate budget (429).
    case rateLimited
    /// Failed on purpose by the fault injector (500).
    case injectedFailure
    /// Refused for a missing or wrong key (401).
    case unauthorized
    /// Processed, then the connection was closed instead of answering.
    case answerDropped
}
