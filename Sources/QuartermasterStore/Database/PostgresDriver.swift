import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through postgres-nio's pooled client. Several instances may share one database.
public final class PostgresDriver: DatabaseDriver {
    public let dialect: DatabaseDialect = .postgres
    public let client: PostgresClient
    public let settings: PostgresSettings
    private let logger: Logger

    public init(settings: PostgresSettings, poolSize: Int, logger: Logger) {
        var configuration = settings.clientConfiguration
        configuration.options.maximumConnections = max(2, poolSize)
        self.settings = settings
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let sql = connection.sql(queryLogLevel: .trace)
            try await sql.raw("BEGIN").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    public func session<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    /// Runs `body` with a dedicated connection outside the pool, for `LISTEN`.
    public func withDedicatedConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: settings.connectionConfiguration,
            id: Int.random(in: 1_000_000..<Int.max),
            logger: logger
        )
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public func run() async throws {
        await client.run()
    }

    public func close() async throws {}
}
