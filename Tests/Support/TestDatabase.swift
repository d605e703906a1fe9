import Foundation
import Logging
import PostgresNIO
import QuartermasterStore

/// A fresh, migrated database per test, on either dialect.
///
/// SQLite: a new file in a temporary folder. PostgreSQL: `QUARTERMASTER_TEST_DATABASE_URL` names a
/// server (the test script starts a throwaway one); the first test migrates a template database,
/// every test then gets `CREATE DATABASE … TEMPLATE` of it, which takes milliseconds.
public enum TestDatabase {
    public static let dialects: [DatabaseDialect] = [.sqlite, .postgres]

    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel =
            ProcessInfo.processInfo.environment["QUARTERMASTER_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }

    public struct Described: Error, CustomStringConvertible {
        public let description: String
    }

    public struct MissingServer: Error, CustomStringConvertible {
        public var description: String {
            "QUARTERMASTER_TEST_DATABASE_URL is not set: run the tests with scripts/test.sh, which starts a throwaway PostgreSQL"
        }
    }

    /// Runs `body` with a new migrated database of `dialect`; removes it afterwards.
    public static func with<T: Sendable>(_ dialect: DatabaseDialect, _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let url = try await createURL(dialect)
        do {
            let database = try await Database.open(url: url.url, logger: logger, poolSize: 4)
            let result = try await database.withRunning { database in
                if dialect == .sqlite { try await Migrator(database: database).migrate() }
                return try await body(database)
            }
            try? await url.drop()
            return result
        } catch {
            try? await url.drop()
            throw error
        }
    }

    /// A URL for a fresh migrated database of `dialect`, and how to drop it (for tests that run the binary).
    public static func createURL(_ dialect: DatabaseDialect) async throws -> (url: String, drop: @Sendable () async throws -> Void) {
        switch dialect {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qm-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return ("sqlite://\(folder.path)/test.sqlite", { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            guard let serverURL = ProcessInfo.processInfo.environment["QUARTERMASTER_TEST_DATABASE_URL"] else { throw MissingServer() }
            guard case .postgres(let settings) = try DatabaseLocation(url: serverURL) else { throw MissingServer() }
            let template: String
            do {
                template = try await PostgresTemplate.shared.ensure(settings: settings)
            } catch {
                throw Described(description: "could not prepare the PostgreSQL template: \(String(reflecting: error))")
            }
            let name = "qm_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
            try await PostgresTemplate.shared.copy(template, to: name, settings: settings)
            let url = replaceDatabase(in: serverURL, with: name)
            return (
                url,
                {
                    try await PostgresTemplate.admin(settings) { connection in
                        _ = try await connection.query(
                            PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
                    }
                }
            )
        }
    }

    static func replaceDatabase(in url: String, with name: String) -> String {
        var base = url
        var query = ""
        if let q = base.firstIndex(of: "?") {
            query = String(base[q...])
            base = String(base[..<q])
        }
        let schemeEnd = base.range(of: "://")!.upperBound
        if let slash = base[schemeEnd...].firstIndex(of: "/") {
            base = String(base[..<slash])
        }
        return base + "/" + name + query
    }
}

/// Migrates the template database once per test process.
actor PostgresTemplate {
    static let shared = PostgresTemplate()
    private var preparing: Task<String, any Error>?

    /// The template's name; the first caller prepares it, the others wait for that (actors re-enter at awaits).
    func ensure(settings: PostgresSettings) async throws -> String {
        if let preparing { return try await preparing.value }
        let task = Task { try await Self.prepare(settings: settings) }
        preparing = task
        return try await task.value
    }

    private static func prepare(settings: PostgresSettings) async throws -> String {
        // One template per migration set and process, so concurrent test processes do not collide.
        let name = "qm_template_\(ProcessInfo.processInfo.processIdentifier)_\(Migrations.all.count)"
        try await admin(settings) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name)"), logger: TestDatabase.logger)
            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: TestDatabase.logger)
        }
        let database = Database(
            driver: PostgresDriver(settings: settings.with(database: name), poolSize: 2, logger: TestDatabase.logger),
            logger: TestDatabase.logger)
        try await database.withRunning { database in
            _ = try await Migrator(database: database).migrate()
        }
        return name
    }

    /// PostgreSQL refuses to copy a template that another session is copying: copies take turns.
    func copy(_ template: String, to name: String, settings: PostgresSettings) async throws {
        var attempt = 0
        while true {
            do {
                try await Self.admin(settings) { connection in
                    _ = try await connection.query(
                        PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)"), logger: TestDatabase.logger)
                }
                return
            } catch {
                attempt += 1
                if attempt >= 20 { throw TestDatabase.Described(description: "CREATE DATABASE failed: \(String(reflecting: error))") }
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
    }

    static func admin<T: Sendable>(_ settings: PostgresSettings, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresDriver(settings: settings, poolSize: 2, logger: TestDatabase.logger).withDedicatedConnection(body)
    }
}
