/// How catalog files go up. The defaults follow Attentive: one request a second on the
/// uploads endpoint (creating and looking up uploads share it).
public struct CatalogUploadConfiguration: Sendable {
    /// Requests per second to the uploads endpoint.
    public var rate: Double
    /// The pause before each look-up of an upload's status.
    public var pollInterval: Duration
    /// How long an upload may take to reach its final status before its products are
    /// left for the next run.
    public var maximumWait: Duration
    public var retry: RetryPolicy

    public init(
        rate: Double = Endpoint.catalogUploads.rateLimit,
        pollInterval: Duration = .seconds(5),
        maximumWait: Duration = .seconds(3600),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.rate = rate
        self.pollInterval = pollInterval
        self.maximumWait = maximumWait
        self.retry = retry
    }
}

/// Where an upload is, for progress display.
public struct CatalogUploadProgress: Sendable, CustomStringConvertible {
    /// 1-based.
    public var file: Int
    public var files: Int
    public var uploadID: String
    public var status: String
    public var lines: Int
    public var productsReceived: Int?
    public var productsProcessed: Int?

    public var description: String {
        "catalog file \(file)/\(files) (upload \(uploadID)): \(status) — \(productsReceived ?? 0)/\(lines) products received, "
            + "\(productsProcessed ?? 0) processed"
    }
}
