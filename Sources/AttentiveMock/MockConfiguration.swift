/// How a fake Attentive API behaves: where it listens, how strict its limits are, and
/// which faults it injects.
public struct MockConfiguration: Sendable {
    /// Address to bind; loopback by default.
    public var host: String
    /// Port to bind; `0` picks a free one (the server reports which).
    public var port: Int
    /// Multiplies every per-endpoint rate limit (`0.5` makes 5/s into 3/s: limits of 1/s and
    /// more are whole numbers; `0.01` makes 150/s into 2/s).
    public var rateScale: Double
    /// Fraction of API requests, 0…1, answered 500 before being processed.
    public var failRate: Double
    /// Fraction of API requests, 0…1, processed but then answered by closing the
    /// connection: the request took effect, the answer was lost.
    public var dropRate: Double
    /// Delay before answering each API request.
    public var latency: Duration
    /// Up to this much more delay, uniformly at random, on top of `latency`.
    public var latencyJitter: Duration
    /// More delay before a POST, PUT or DELETE is processed: a slow write path, whose change
    /// lands late even when the client has given up waiting.
    public var writeLatency: Duration
    /// Seed for the fault injector's random numbers; `nil` seeds from the system.
    public var seed: UInt64?
    /// The only bearer token accepted; `nil` accepts any non-empty token.
    public var apiKey: String?
    /// Catalog products with these ids fail validation (`REJECTED_PRODUCT`), to exercise
    /// errors a client cannot foresee.
    public var rejectedProductIDs: Set<String>
    /// A v2 bulk job completes when its status has been looked at this many times…
    public var bulkJobPolls: Int
    /// …or this long after it was submitted, whichever comes first.
    public var bulkJobDelay: Duration?
    /// Fraction of bulk job records, 0…1, failed when their job is processed.
    public var bulkRecordFailRate: Double

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        rateScale: Double = 1,
        failRate: Double = 0,
        dropRate: Double = 0,
        latency: Duration = .zero,
        latencyJitter: Duration = .zero,
        writeLatency: Duration = .zero,
        seed: UInt64? = nil,
        apiKey: String? = nil,
        rejectedProductIDs: Set<String> = [],
        bulkJobPolls: Int = 2,
        bulkJobDelay: Duration? = nil,
        bulkRecordFailRate: Double = 0
    ) {
        self.host = host
        self.port = port
        self.rateScale = rateScale
        self.failRate = failRate
        self.dropRate = dropRate
        self.latency = latency
        self.latencyJitter = latencyJitter
        self.writeLatency = writeLatency
        self.seed = seed
        self.apiKey = apiKey
        self.rejectedProductIDs = rejectedProductIDs
        self.bulkJobPolls = bulkJobPolls
        self.bulkJobDelay = bulkJobDelay
        self.bulkRecordFailRate = bulkRecordFailRate
    }
}
