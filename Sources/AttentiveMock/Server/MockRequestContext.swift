import Hummingbird

/// The request context, keeping hold of the connection so an injected fault can drop it.
struct MockRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    private let closeConnection: @Sendable () -> Void

    init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        let channel = source.channel
        self.closeConnection = { channel.close(promise: nil) }
    }

    /// Closes the connection before any answer is written: the client sees the
    /// connection end with no response.
    func dropConnection() {
        closeConnection()
    }
}
