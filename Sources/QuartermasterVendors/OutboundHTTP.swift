import AsyncHTTPClient

extension HTTPClient {
    /// The client for calls to other systems (vendors, feeds, webhooks): `HTTPClient.shared`'s
    /// settings, except that an unused pooled connection is closed after 15 s rather than 10 minutes.
    /// Servers close idle connections long before 10 minutes anyway, and a connection that a shutting-down
    /// server accepted without being able to tell it to close kept that server waiting until the pool
    /// let go of it.
    public static let outbound: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.idleTimeout = .seconds(15)
        // Kept for the life of the process, like `HTTPClient.shared`.
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
