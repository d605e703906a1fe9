import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Metrics
import NIOCore
import Prometheus
import QuartermasterCore
import QuartermasterStore
import ServiceLifecycle
import Synchronization

/// Wires the platform together: the builder that `serve`, `demo` and the tests share.
public enum Quartermaster {
    /// The Prometheus registry behind swift-metrics; bootstrapped once per process.
    public static let metricsRegistry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// What a built instance holds, for the CLI and tests.
    public struct Components: Sendable {
        public let configuration: ServerConfiguration
        public let store: Store
        public let identity: any IdentityRepository
        public let queue: JobQueue
        public let tokens: TokenService
        public let passwords: PasswordHasher
        public let wake: WakeSignal
        public let jobs: JobRegistry
        public let logger: Logger
        public let catalog: CatalogServices
        public let agent: AgentServices
        /// Background services for this role (job worker, event listener).
        public let services: [any Service]
    }

    /// Builds the components on a migrated database.
    public static func components(
        configuration: ServerConfiguration, database: Database, logger: Logger, jobs: JobRegistry = JobRegistry()
    ) async throws -> Components {
        _ = metricsRegistry
        let store = Store(database: database, hub: EventHub())
        let identity = SQLIdentityRepository(store: store)
        let secret =
            configuration.jwtSecret.isEmpty ? try await InstanceSettings(store: store).secret(named: "jwt.secret") : configuration.jwtSecret
        let tokens = await TokenService(secret: secret, lifetimeSeconds: configuration.accessTokenSeconds)
        let queue = JobQueue(store: store)
        let wake = WakeSignal()
        var jobs = jobs
        SystemJobs.register(in: &jobs)
        let catalog = CatalogServices(store: store, configuration: configuration, wake: wake)
        CatalogJobs.register(in: &jobs, catalog: catalog)
        let agent = AgentServices(
            store: store, catalog: catalog, wake: wake, webhookURL: configuration.agentWebhookURL,
            backstopMilliseconds: Int64(max(1, configuration.jobLeaseSeconds)) * 1_000)
        AgentJobs.register(in: &jobs, agent: agent)
        var services: [any Service] = []
        if let driver = database.driver as? PostgresDriver {
            services.append(
                EventListener(driver: driver, store: store, logger: logger, since: try await store.newestEventID(organizationID: nil)))
        }
        if configuration.role.runsJobs {
            var workerConfiguration = JobWorker.Configuration()
            workerConfiguration.concurrency = max(1, configuration.jobConcurrency)
            workerConfiguration.shutdownGrace = .seconds(configuration.shutdownGraceSeconds)
            workerConfiguration.leaseMilliseconds = Int64(max(1, configuration.jobLeaseSeconds)) * 1_000
            services.append(JobWorker(queue: queue, registry: jobs, configuration: workerConfiguration, wake: wake, logger: logger))
        }
        return Components(
            configuration: configuration, store: store, identity: identity, queue: queue, tokens: tokens,
            passwords: PasswordHasher(cost: configuration.bcryptCost), wake: wake, jobs: jobs, logger: logger, catalog: catalog,
            agent: agent, services: services)
    }

    /// The HTTP router with every middleware and route.
    public static func router(_ components: Components) async throws -> Router<AppRequestContext> {
        let configuration = components.configuration
        let router = Router(context: AppRequestContext.self)
        let authenticator = Authenticator(tokens: components.tokens, identity: components.identity)
        let profiles = ProfileCache()
        router.add(middleware: ResponseHeadersMiddleware(corsOrigins: Set(configuration.corsOrigins)))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: LimitsMiddleware(maxBodyBytes: configuration.maxBodyBytes, maxImportBytes: configuration.importMaxBytes))
        router.add(middleware: StaticFilesMiddleware(folder: publicFolder))
        router.add(middleware: AuthMiddleware(authenticator: authenticator))
        if configuration.rateLimitEnabled {
            router.add(
                middleware: RateLimitMiddleware(
                    perIP: RateLimiter(capacity: configuration.ipRateLimitBurst, refillPerSecond: configuration.ipRateLimitPerSecond),
                    perCredential: RateLimiter(capacity: configuration.rateLimitBurst, refillPerSecond: configuration.rateLimitPerSecond)))
        }
        router.add(middleware: IdempotencyMiddleware(records: IdempotencyRecords(store: components.store)))

        OperationsController(database: components.store.database, queue: components.queue, registry: metricsRegistry).addRoutes(to: router)
        let api = router.group("api/v1")
        let tenant = api.group(context: TenantContext.self)
        let auth = AuthController(
            identity: components.identity, tokens: components.tokens, passwords: components.passwords,
            loginThrottle: RateLimiter(
                capacity: max(1, configuration.loginAttemptsPerMinute), refillPerSecond: max(1, configuration.loginAttemptsPerMinute) / 60),
            refreshLifetimeMilliseconds: Int64(configuration.refreshTokenSeconds) * 1_000,
            dummyHash: try await components.passwords.dummyHash(), profiles: profiles)
        auth.addRoutes(public: api, tenant: tenant)
        AdminController(identity: components.identity, passwords: components.passwords, authenticator: authenticator, profiles: profiles)
            .addRoutes(to: tenant)
        JobsController(queue: components.queue, wake: components.wake).addRoutes(to: tenant)
        CatalogController(catalog: components.catalog).addRoutes(to: tenant)
        AgentController(agent: components.agent).addRoutes(to: tenant)
        ApprovalController(agent: components.agent).addRoutes(to: tenant)
        PurchaseOrderController(agent: components.agent).addRoutes(to: tenant)
        SupplierPortalController(agent: components.agent).addRoutes(to: tenant)
        FleetController(fleet: FleetRepository(store: components.store)).addRoutes(to: tenant)
        VendorInboundController(agent: components.agent).addRoutes(to: api)
        let agent = components.agent
        ModelController(models: agent.models, timeZone: { try await agent.timeZone($0) }).addRoutes(to: tenant)
        EventsController(store: components.store, keepAlive: .seconds(15)).addRoutes(to: api)
        api.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        return router
    }

    /// A keep-alive connection with no request for this long is closed (browsers and HTTP clients
    /// open a new one when they need it).
    public static let keepAliveSeconds: Int64 = 60
    /// A new connection that sends nothing for this long is closed.
    public static let firstRequestSeconds: Int64 = 30

    /// The web application (HTTP + WebSocket) with the role's background services.
    public static func application(
        _ components: Components, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let router = try await router(components)
        return Application(
            router: router,
            server: .guardedHTTP1WebSocketUpgrade(
                webSocketRouter: router, idleTimeout: .seconds(Self.keepAliveSeconds),
                firstRequestTimeout: .seconds(Self.firstRequestSeconds)),
            configuration: .init(address: .hostname(components.configuration.host, port: components.configuration.port), serverName: nil),
            services: components.services,
            onServerRunning: onServerRunning,
            logger: components.logger)
    }

    /// The bundled web UI folder, or `QUARTERMASTER_PUBLIC_DIR` (for working on the UI without rebuilding).
    public static var publicFolder: String {
        if let folder = ProcessInfo.processInfo.environment["QUARTERMASTER_PUBLIC_DIR"], !folder.isEmpty { return folder }
        return Bundle.module.resourceURL?.appendingPathComponent("Public").path ?? "Public"
    }
}
