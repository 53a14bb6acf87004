import Hummingbird
import Logging

/// A fake Attentive API: the vendor's endpoints under `/v1` and `/v2`, checked against its
/// OpenAPI document, with Attentive's rate limits and optional injected faults, and
/// inspection endpoints under `/_mock/`.
///
/// Run it with ``run(onListening:)`` (until cancelled), hand ``application(onListening:)``
/// to a service group, or scope one to a test with ``withRunning(configuration:logger:_:)``.
public struct AttentiveMockServer: Sendable {
    /// How this server behaves.
    public let configuration: MockConfiguration
    /// What it has received; tests may read it directly instead of over HTTP.
    public let store: MockStore
    private let document: OpenAPIDocument
    private let documentV2: OpenAPIDocument
    private let logger: Logger

    /// - Parameter logger: where the server logs; by default standard error, at the
    ///   level in `$LOG_LEVEL` (else `info`), so standard output stays free for scripts.
    public init(configuration: MockConfiguration = MockConfiguration(), logger: Logger? = nil) throws {
        self.configuration = configuration
        self.store = MockStore(configuration: configuration)
        self.document = try OpenAPIDocument.bundled()
        self.documentV2 = try OpenAPIDocument.bundled("attentive-v2-openapi")
        self.logger = logger ?? Self.standardErrorLogger(defaultLevel: .info)
    }

    /// The Hummingbird application serving the fake; `onListening` gets the bound port.
    public func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let responder = MockResponder(
            api: APIResponder(document: document, endpoints: .standard, store: store, configuration: configuration),
            apiV2: APIResponder(document: documentV2, endpoints: .v2, store: store, configuration: configuration),
            inspection: InspectionResponder(store: store),
            catalogFiles: CatalogFileResponder(store: store),
            bulkResults: BulkResultsResponder(store: store)
        )
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "attentive-mock"),
            onServerRunning: { channel in
                await onListening(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
    }

    /// Serves until the task is cancelled.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onListening: onListening).run()
    }

    /// Starts a server, runs `body` against it once it is listening, then stops it. The server's
    /// tasks run on threads of their own (`ServerThreads`), so `body` may block the cooperative pool.
    ///
    /// - Parameter logger: by default standard error at the level in `$LOG_LEVEL`, else
    ///   `critical`: stopping cancels the clients' idle keep-alive connections, which
    ///   Hummingbird reports as errors that say nothing about the test.
    public static func withRunning<Result: Sendable>(
        configuration: MockConfiguration = MockConfiguration(),
        logger: Logger? = nil,
        _ body: @Sendable (RunningMockServer) async throws -> Result
    ) async throws -> Result {
        let logger = logger ?? standardErrorLogger(defaultLevel: .critical)
        let server = try AttentiveMockServer(configuration: configuration, logger: logger)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask(executorPreference: ServerThreads.shared) {
                defer { portContinuation.finish() }
                try await server.run { port in portContinuation.yield(port) }
            }
            guard let port = await ports.first(where: { _ in true }) else {
                _ = try await group.next()  // rethrows why the server stopped before listening
                throw CancellationError()
            }
            let running = RunningMockServer(host: configuration.host, port: port, store: server.store)
            defer { group.cancelAll() }
            return try await body(running)
        }
    }

    private static func standardErrorLogger(defaultLevel: Logger.Level) -> Logger {
        var logger = Logger(label: "attentive-mock", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = Environment().get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
        return logger
    }
}

/// A listening ``AttentiveMockServer``: where to reach it.
public struct RunningMockServer: Sendable {
    public let host: String
    public let port: Int
    /// What it has received.
    public let store: MockStore

    /// The API base URL, e.g. `http://127.0.0.1:54321/v1`: what the tool's `--api-url` takes.
    public var baseURL: String { "http://\(host):\(port)\(MockResponder.apiBasePath)" }
    /// The inspection base URL, e.g. `http://127.0.0.1:54321/_mock`.
    public var inspectionURL: String { "http://\(host):\(port)\(MockResponder.inspectionBasePath)" }
}
