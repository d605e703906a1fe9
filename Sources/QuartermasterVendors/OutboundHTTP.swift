import AsyncHTTPClient

extension HTTPClient {
    /// The client for calls to other systems (vendors, feeds, webhooks): `HTTPClient.shared`'s
    /// settings, except that an unused pooled connection is closed after 15 s rather than 10 minutes.
    /// Servers close idle connections long before that anyway, and a pooled connection that never
    /// sent a request (opened for a request that then left on another one) could hold up a server
    /// that waits for its connections to close when it shuts down.
    public static let outbound: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.idleTimeout = .seconds(15)
        // Kept for the life of the process, like `HTTPClient.shared`.
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
