/// Decides which requests fail with a 500 before they are processed.
public struct FaultInjector: Sendable {
    /// Fraction of requests to fail, clamped to 0…1.
    public let failRate: Double
    private let seed: UInt64
    private var generator: SeededRandomNumberGenerator

    public init(failRate: Double, seed: UInt64) {
        self.failRate = min(max(failRate, 0), 1)
        self.seed = seed
        self.generator = SeededRandomNumberGenerator(seed: seed)
    }

    /// Whether the next request fails. Draws a number only when failures are possible,
    /// so a rate of 0 or 1 leaves the sequence untouched.
    public mutating func nextRequestFails() -> Bool {
        switch failRate {
        case 0: false
        case 1: true
        default: Double.random(in: 0..<1, using: &generator) < failRate
        }
    }

    /// Starts the sequence over from the seed.
    public mutating func reset() {
        generator = SeededRandomNumberGenerator(seed: seed)
    }
}
