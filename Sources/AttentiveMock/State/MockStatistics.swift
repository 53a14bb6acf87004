/// Counters over every API request the fake answered.
public struct MockStatistics: Sendable, Hashable {
    /// Requests by endpoint (`POST /attributes/custom`; unknown paths as sent).
    public private(set) var requests: [String: Int] = [:]
    /// Responses by status code.
    public private(set) var statuses: [Int: Int] = [:]
    public private(set) var schemaViolations = 0
    public private(set) var ruleViolations = 0
    public private(set) var rateLimited = 0
    public private(set) var injectedFailures = 0
    public private(set) var unauthorized = 0
    /// Requests processed whose answer was dropped; their status is not in ``statuses``.
    public private(set) var droppedAnswers = 0

    public init() {}

    public mutating func count(endpoint: String, status: Int, outcome: RequestOutcome) {
        requests[endpoint, default: 0] += 1
        if outcome != .answerDropped { statuses[status, default: 0] += 1 }
        switch outcome {
        case .handled: break
        case .schemaViolation: schemaViolations += 1
        case .ruleViolation: ruleViolations += 1
        case .rateLimited: rateLimited += 1
        case .injectedFailure: injectedFailures += 1
        case .unauthorized: unauthorized += 1
        case .answerDropped: droppedAnswers += 1
        }
    }

    /// The `/_mock/stats` document.
    public var json: JSONValue {
        .object([
            "requests": .object(requests.mapValues { .number(Double($0)) }),
            "statuses": .object(Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), .number(Double($0.value))) })),
            "schemaViolations": .number(Double(schemaViolations)),
            "ruleViolations": .number(Double(ruleViolations)),
            "rateLimited": .number(Double(rateLimited)),
            "injectedFailures": .number(Double(injectedFailures)),
            "unauthorized": .number(Double(unauthorized)),
            "droppedAnswers": .number(Double(droppedAnswers)),
        ])
    }
}
