/// Decides which requests fail with a 500 before they are processed, which are processed
/// but lose their answer to a dropped connection, and which bulk job records fail.
public struct FaultInjector: Sendable {
    /// Fraction of requests to fail, clamped to 0…1.
    public let failRate: Double
    /// Fraction of processed requests whose answer is dropped, clamped to 0…1.
    public let dropRate: Double
    /// Fraction of bulk job records failed when their job is processed, clamped to 0…1.
    public let bulkRecordFailRate: Double
    private let seed: UInt64
    private var generator: SeededRandomNumberGenerator

    public init(failRate: Double, dropRate: Double = 0, bulkRecordFailRate: Double = 0, seed: UInt64) {
        self.failRate = min(max(failRate, 0), 1)
        self.dropRate = min(max(dropRate, 0), 1)
        self.bulkRecordFailRate = min(max(bulkRecordFailRate, 0), 1)
        self.seed = seed
        self.generator = SeededRandomNumberGenerator(seed: seed)
    }

    /// Whether the next request fails.
    public mutating func nextRequestFails() -> Bool {
        draw(failRate)
    }

    /// Whether the next processed request's answer is dropped.
    public mutating func nextAnswerDropped() -> Bool {
        draw(dropRate)
    }

    /// Whether the next bulk record processed fails.
    public mutating func nextBulkRecordFails() -> Bool {
        draw(bulkRecordFailRate)
    }

    /// Starts the sequence over from the seed.
    public mutating func reset() {
        generator = SeededRandomNumberGenerator(seed: seed)
    }

    /// Draws a number only when the outcome is uncertain, so a rate of 0 or 1 leaves
    /// the sequence untouched.
    private mutating func draw(_ rate: Double) -> Bool {
        switch rate {
        case 0: false
        case 1: true
        default: Double.random(in: 0..<1, using: &generator) < rate
        }
    }
}
