import Configuration
import QuartermasterCore

/// Everything `serve` needs, read once from the layered configuration (flags, `QUARTERMASTER_*`
/// environment, `.env`, defaults). Each key is documented where it is read and in the README.
public struct ServerConfiguration: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case all, web, worker
        var servesHTTP: Bool { self != .worker }
        var runsJobs: Bool { self != .web }
    }

    public var host = "127.0.0.1"
    public var port = 8080
    public var databaseURL = "sqlite://.quartermaster/quartermaster.sqlite"
    public var role = Role.all
    /// HS256 secret for access tokens; when empty, one is generated once and kept in the database.
    public var jwtSecret = ""
    public var accessTokenSeconds = 15 * 60
    public var refreshTokenSeconds = 30 * 24 * 3600
    public var bcryptCost = 12
    public var maxBodyBytes = 1 << 20
    public var rateLimitEnabled = true
    public var rateLimitPerSecond = 20.0
    public var rateLimitBurst = 60.0
    public var ipRateLimitPerSecond = 50.0
    public var ipRateLimitBurst = 150.0
    public var loginAttemptsPerMinute = 5.0
    public var corsOrigins: [String] = []
    public var jobConcurrency = 4
    public var shutdownGraceSeconds = 10
    /// How long a claimed job stays leased without a heartbeat before another worker may take it
    /// (the time a crashed worker's job waits before it runs again).
    public var jobLeaseSeconds = 30
    /// Where the agent's notify step posts finished quotes (JSON, with an `Idempotency-Key` header).
    public var agentWebhookURL = ""
    public var logLevel = "info"
    /// Largest catalog import accepted over HTTP (the file is stored, then imported by a job).
    public var importMaxBytes = 256 << 20
    /// Embeddings for hybrid search: `off`, `builtin` (deterministic, no network) or `remote`
    /// (an OpenAI-compatible `/v1/embeddings` endpoint).
    public var embeddings = "builtin"
    public var embeddingsURL = "http://127.0.0.1:11434/v1"
    public var embeddingsModel = "text-embedding-3-small"
    public var embeddingsAPIKey = ""

    public init() {}

    /// Reads from a reader scoped to `quartermaster` (so `http.port` is `QUARTERMASTER_HTTP_PORT`).
    public init(reader: ConfigReader) throws {
        let defaults = ServerConfiguration()
        host = reader.string(forKey: "http.host", default: defaults.host)
        port = reader.int(forKey: "http.port", default: defaults.port)
        databaseURL = reader.string(forKey: "database.url", default: defaults.databaseURL)
        let roleName = reader.string(forKey: "role", default: defaults.role.rawValue)
        guard let role = Role(rawValue: roleName) else {
            throw ConfigurationError(message: "role must be one of all, web, worker (got '\(roleName)')")
        }
        self.role = role
        jwtSecret = reader.string(forKey: "jwt.secret", isSecret: true, default: "")
        accessTokenSeconds = reader.int(forKey: "jwt.access.seconds", default: defaults.accessTokenSeconds)
        refreshTokenSeconds = reader.int(forKey: "jwt.refresh.seconds", default: defaults.refreshTokenSeconds)
        bcryptCost = reader.int(forKey: "bcrypt.cost", default: defaults.bcryptCost)
        guard (4...31).contains(bcryptCost) else { throw ConfigurationError(message: "bcrypt cost must be 4 to 31") }
        maxBodyBytes = reader.int(forKey: "http.max.body.bytes", default: defaults.maxBodyBytes)
        rateLimitEnabled = reader.bool(forKey: "ratelimit.enabled", default: defaults.rateLimitEnabled)
        rateLimitPerSecond = reader.double(forKey: "ratelimit.per.second", default: defaults.rateLimitPerSecond)
        rateLimitBurst = reader.double(forKey: "ratelimit.burst", default: defaults.rateLimitBurst)
        ipRateLimitPerSecond = reader.double(forKey: "ratelimit.ip.per.second", default: defaults.ipRateLimitPerSecond)
        ipRateLimitBurst = reader.double(forKey: "ratelimit.ip.burst", default: defaults.ipRateLimitBurst)
        loginAttemptsPerMinute = reader.double(forKey: "ratelimit.login.per.minute", default: defaults.loginAttemptsPerMinute)
        corsOrigins = reader.string(forKey: "cors.origins", default: "").split(separator: ",").map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty }
        jobConcurrency = reader.int(forKey: "jobs.concurrency", default: defaults.jobConcurrency)
        shutdownGraceSeconds = reader.int(forKey: "shutdown.grace.seconds", default: defaults.shutdownGraceSeconds)
        logLevel = reader.string(forKey: "log.level", default: defaults.logLevel)
        jobLeaseSeconds = reader.int(forKey: "jobs.lease.seconds", default: defaults.jobLeaseSeconds)
        guard (1...3_600).contains(jobLeaseSeconds) else { throw ConfigurationError(message: "jobs.lease.seconds must be 1 to 3600") }
        agentWebhookURL = reader.string(forKey: "agent.webhook.url", default: "")
        importMaxBytes = reader.int(forKey: "catalog.import.max.bytes", default: defaults.importMaxBytes)
        embeddings = reader.string(forKey: "search.embeddings", default: defaults.embeddings)
        guard ["off", "builtin", "remote"].contains(embeddings) else {
            throw ConfigurationError(message: "search.embeddings must be off, builtin or remote (got '\(embeddings)')")
        }
        embeddingsURL = reader.string(forKey: "search.embeddings.url", default: defaults.embeddingsURL)
        embeddingsModel = reader.string(forKey: "search.embeddings.model", default: defaults.embeddingsModel)
        embeddingsAPIKey = reader.string(forKey: "search.embeddings.api.key", isSecret: true, default: "")
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
