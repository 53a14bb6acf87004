import ArgumentParser
import AttentiveMock
import Foundation
import Hummingbird

/// `attentive-mock`: serves the fake Attentive API until SIGTERM or SIGINT.
@main
struct AttentiveMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attentive-mock",
        abstract: "A local fake of the Attentive API, for demos and tests.",
        discussion: """
            Serves the API under /v1 and /v2 and inspection endpoints (no auth) under /_mock/: \
            GET /_mock/requests[?path=…], GET /_mock/stats, GET /_mock/attributes, GET /_mock/subscriptions, GET /_mock/identities, GET /_mock/catalog, \
            GET /_mock/jobs, GET /_mock/segments, POST /_mock/reset. \
            Once listening it prints one line, "attentive-mock listening on http://HOST:PORT/v1", \
            to standard output; logs go to standard error.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "Multiplies every per-endpoint rate limit (e.g. 0.1 for a tenth).")
    var rateScale = 1.0

    @Option(help: "Fraction of API requests (0…1) answered 500 before being processed.")
    var failRate = 0.0

    @Option(help: "Fraction of API requests (0…1) processed but answered by dropping the connection.")
    var dropRate = 0.0

    @Option(help: "Milliseconds to wait before answering each API request.")
    var latencyMs = 0

    @Option(help: "Up to this many milliseconds more, at random, on top of --latency-ms.")
    var latencyJitterMs = 0

    @Option(help: "Milliseconds more before each POST, PUT or DELETE is processed (a slow write path: the change lands late, even after the client gave up).")
    var writeLatencyMs = 0

    @Option(help: "Seed for the fault injector, for repeatable runs.")
    var seed: UInt64?

    @Option(help: "Accept only this bearer token (default: any non-empty token).")
    var apiKey: String?

    @Option(help: "Fail catalog products with this id in upload validation (repeatable), as only Attentive could.")
    var rejectProductId: [String] = []

    @Option(help: "A v2 bulk job completes when its status has been looked at this many times.")
    var bulkJobPolls = 2

    @Option(help: "A v2 bulk job completes this many milliseconds after it was submitted, if polls have not completed it first.")
    var bulkJobDelayMs: Int?

    @Option(help: "Fraction of v2 bulk job records (0…1) failed when their job is processed.")
    var bulkRecordFailRate = 0.0

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535.")
        }
        guard rateScale > 0, rateScale.isFinite else {
            throw ValidationError("--rate-scale must be a positive number.")
        }
        guard (0...1).contains(failRate) else {
            throw ValidationError("--fail-rate must be between 0 and 1.")
        }
        guard (0...1).contains(dropRate) else {
            throw ValidationError("--drop-rate must be between 0 and 1.")
        }
        guard latencyMs >= 0, latencyJitterMs >= 0, writeLatencyMs >= 0 else {
            throw ValidationError("--latency-ms, --latency-jitter-ms and --write-latency-ms must not be negative.")
        }
        guard (0...1).contains(bulkRecordFailRate) else {
            throw ValidationError("--bulk-record-fail-rate must be between 0 and 1.")
        }
        guard bulkJobPolls >= 1, (bulkJobDelayMs ?? 0) >= 0 else {
            throw ValidationError("--bulk-job-polls must be at least 1 and --bulk-job-delay-ms not negative.")
        }
        if let apiKey, apiKey.isEmpty {
            throw ValidationError("--api-key must not be empty.")
        }
    }

    func run() async throws {
        let configuration = MockConfiguration(
            host: host,
            port: port,
            rateScale: rateScale,
            failRate: failRate,
            dropRate: dropRate,
            latency: .milliseconds(latencyMs),
            latencyJitter: .milliseconds(latencyJitterMs),
            writeLatency: .milliseconds(writeLatencyMs),
            seed: seed,
            apiKey: apiKey,
            rejectedProductIDs: Set(rejectProductId),
            bulkJobPolls: bulkJobPolls,
            bulkJobDelay: bulkJobDelayMs.map { .milliseconds($0) },
            bulkRecordFailRate: bulkRecordFailRate
        )
        let server = try AttentiveMockServer(configuration: configuration)
        let host = self.host
        let application = server.application { port in
            // Unbuffered, so a script reading the pipe sees the line at once.
            FileHandle.standardOutput.write(Data("attentive-mock listening on http://\(host):\(port)/v1\n".utf8))
        }
        try await application.runService()
    }
}
