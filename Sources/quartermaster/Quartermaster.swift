import ArgumentParser
import Configuration
import Foundation
import Logging
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore
import ServiceLifecycle

@main
struct QuartermasterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quartermaster",
        abstract: "Quartermaster: a self-hostable procurement platform whose agent does an organisation's buying.",
        subcommands: [
            Serve.self, Demo.self, Migrate.self, Org.self, User.self, Catalog.self, Search.self, Eval.self, Bench.self, Pack.self,
            RequestCommand.self, Optimize.self, VendorSim.self,
        ],
        defaultSubcommand: Serve.self)
}

/// Options shared by every command that opens the database or serves.
struct CommonOptions: ParsableArguments {
    @Option(help: "Database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB (env QUARTERMASTER_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Environment file read after the real environment (default .env, optional).")
    var envFile: String = ".env"

    @Option(help: "Log level: trace, debug, info, notice, warning, error (env QUARTERMASTER_LOG_LEVEL).")
    var logLevel: String?

    /// Flags first, then `QUARTERMASTER_*` environment, then the `.env` file, then defaults.
    func reader(extra: [AbsoluteConfigKey: ConfigValue] = [:]) async throws -> ConfigReader {
        var values = extra
        if let databaseURL { values["quartermaster.database.url"] = .init(.string(databaseURL), isSecret: true) }
        if let logLevel { values["quartermaster.log.level"] = .init(.string(logLevel), isSecret: false) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(),
            try await EnvironmentVariablesProvider(environmentFilePath: .init(envFile), allowMissing: true),
        ])
        return reader.scoped(to: "quartermaster")
    }
}

/// Logging to standard error, bootstrapped once.
enum Logs {
    nonisolated(unsafe) private static var bootstrapped = false  // set once, on the main task, before any concurrency

    static func logger(level: String) -> Logger {
        if !bootstrapped {
            bootstrapped = true
            let parsed = Logger.Level(rawValue: level) ?? .info
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = parsed
                return handler
            }
        }
        return Logger(label: "quartermaster")
    }
}

/// Opens the configured database (creating the SQLite folder), runs `body` while it is up.
func withDatabase<T: Sendable>(
    _ configuration: ServerConfiguration, logger: Logger, _ body: @Sendable (Database) async throws -> T
) async throws -> T {
    if configuration.databaseURL.hasPrefix("sqlite://") {
        let path = String(configuration.databaseURL.dropFirst("sqlite://".count))
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    let database = try await Database.open(url: configuration.databaseURL, logger: logger)
    return try await database.withRunning(body)
}

struct ServeOptions: ParsableArguments {
    @Option(help: "Address to listen on (env QUARTERMASTER_HTTP_HOST; default 127.0.0.1).")
    var host: String?
    @Option(help: "Port to listen on (env QUARTERMASTER_HTTP_PORT; default 8080).")
    var port: Int?
    @Option(help: "Role of this instance: all, web or worker (env QUARTERMASTER_ROLE; default all).")
    var role: String?

    var values: [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { values["quartermaster.http.host"] = .init(.string(host), isSecret: false) }
        if let port { values["quartermaster.http.port"] = .init(.int(port), isSecret: false) }
        if let role { values["quartermaster.role"] = .init(.string(role), isSecret: false) }
        return values
    }
}

/// Runs the server (and/or worker) until SIGINT/SIGTERM.
func serve(
    _ configuration: ServerConfiguration, logger: Logger,
    afterMigrate: @escaping @Sendable (Quartermaster.Components) async throws -> Void = { _ in }
) async throws {
    try await withDatabase(configuration, logger: logger) { database in
        let started = ContinuousClock.now
        try await Migrator(database: database).migrate()
        let components = try await Quartermaster.components(configuration: configuration, database: database, logger: logger)
        try await afterMigrate(components)
        if configuration.role == .worker {
            logger.info("worker running", metadata: ["database": "\(database.dialect.rawValue)"])
            try await runUntilSignalled(components.services, configuration, logger)
            return
        }
        let app = try await Quartermaster.application(components) { _ in
            logger.info(
                "quartermaster ready",
                metadata: [
                    "url": "http://\(configuration.host):\(configuration.port)", "role": "\(configuration.role.rawValue)",
                    "database": "\(database.dialect.rawValue)", "startup": "\(ContinuousClock.now - started)",
                ])
        }
        try await runUntilSignalled([app], configuration, logger)
    }
}

/// Runs `services` until SIGINT or SIGTERM, then shuts them down gracefully: running jobs get the
/// configured grace to finish, and whatever still runs five seconds after that is cancelled, so a
/// client that holds a connection open cannot keep the process from exiting.
func runUntilSignalled(_ services: [any Service], _ configuration: ServerConfiguration, _ logger: Logger) async throws {
    var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds + 5)
    try await ServiceGroup(configuration: group).run()
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server: web UI, API and background worker.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var options: ServeOptions

    func run() async throws {
        let configuration = try ServerConfiguration(reader: try await common.reader(extra: options.values))
        let logger = Logs.logger(level: configuration.logLevel)
        try await serve(configuration, logger: logger)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try ServerConfiguration(reader: try await common.reader())
        let logger = Logs.logger(level: configuration.logLevel)
        let applied = try await withDatabase(configuration, logger: logger) { database in
            try await Migrator(database: database).migrate()
        }
        print(applied.isEmpty ? "database is up to date" : "applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}
