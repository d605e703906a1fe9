import SQLKit
import Synchronization

/// One write transaction: the SQL connection plus the events it records, published after commit.
public final class Transaction: Sendable {
    public let sql: any SQLDatabase
    public let dialect: DatabaseDialect
    private let emitted = Mutex<[DomainEvent]>([])

    init(sql: any SQLDatabase, dialect: DatabaseDialect) {
        self.sql = sql
        self.dialect = dialect
    }

    /// Records an event in the outbox. `data` must be a JSON object text.
    @discardableResult
    /// With `runID`, the event is also part of that agent run's log.
    public func emit(
        organizationID: String, type: String, subject: String, data: String = "{}", runID: String? = nil
    ) async throws -> DomainEvent {
        let now = Clock.nowMilliseconds()
        let row = try await sql.raw(
            """
            INSERT INTO events (org_id, type, subject, data, created_at, run_id)
            VALUES (\(bind: organizationID), \(bind: type), \(bind: subject), \(bind: data), \(bind: now), \(bind: runID))
            RETURNING id
            """
        ).first()
        guard let row else { throw StoreError.notFound("event id") }
        let event = DomainEvent(
            id: try row.decode(column: "id", as: Int64.self), organizationID: organizationID, type: type, subject: subject, data: data,
            createdAt: now)
        try await publish([event])
        return event
    }

    /// An event to record with `emitAll`.
    public struct NewEvent: Sendable {
        public var organizationID: String
        public var type: String
        public var subject: String
        public var data: String
        public var runID: String?

        public init(organizationID: String, type: String, subject: String, data: String = "{}", runID: String? = nil) {
            self.organizationID = organizationID
            self.type = type
            self.subject = subject
            self.data = data
            self.runID = runID
        }
    }

    /// Records several events with one statement (a run step's log), in order.
    @discardableResult
    public func emitAll(_ new: [NewEvent]) async throws -> [DomainEvent] {
        if new.count < 2 {
            guard let event = new.first else { return [] }
            return [
                try await emit(
                    organizationID: event.organizationID, type: event.type, subject: event.subject, data: event.data, runID: event.runID)
            ]
        }
        let now = Clock.nowMilliseconds()
        var query = SQLQueryString("INSERT INTO events (org_id, type, subject, data, created_at, run_id) VALUES ")
        for (index, event) in new.enumerated() {
            if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
            query.appendInterpolation(
                SQLQueryString(
                    "(\(bind: event.organizationID), \(bind: event.type), \(bind: event.subject), \(bind: event.data), \(bind: now), \(bind: event.runID))"
                ))
        }
        query.appendInterpolation(unsafeRaw: " RETURNING id")
        // Identities are allocated in the order the rows are written.
        let ids = try await sql.raw(query).all().map { try $0.decode(column: "id", as: Int64.self) }.sorted()
        guard ids.count == new.count else { throw StoreError.notFound("event ids") }
        let events = zip(new, ids).map { event, id in
            DomainEvent(
                id: id, organizationID: event.organizationID, type: event.type, subject: event.subject, data: event.data, createdAt: now)
        }
        try await publish(events)
        return events
    }

    /// Queues recorded events for the hubs: on PostgreSQL a notification each, delivered to every
    /// instance's listener when (and only if) the transaction commits; here, after commit.
    private func publish(_ events: [DomainEvent]) async throws {
        if dialect == .postgres {
            for event in events {
                try await sql.raw(
                    "SELECT pg_notify(\(literal: EventListener.channel), \(bind: EventListener.notificationPayload(for: event)))"
                ).run()
            }
        }
        emitted.withLock { $0.append(contentsOf: events) }
    }

    var events: [DomainEvent] { emitted.withLock { $0 } }
}

/// The store's entry point for writes that publish events, and for the hub they are published to.
public struct Store: Sendable {
    public let database: Database
    public let hub: EventHub

    public init(database: Database, hub: EventHub) {
        self.database = database
        self.hub = hub
    }

    /// Runs `body` in a transaction; after commit, publishes its events in process (SQLite). On
    /// PostgreSQL they arrive through `LISTEN/NOTIFY` at every instance, this one included.
    /// With `checkingReferences: false`, `body` makes sure of every reference it writes itself
    /// (`Database.uncheckedTransaction`).
    public func write<T: Sendable>(checkingReferences: Bool = true, _ body: @Sendable (Transaction) async throws -> T) async throws -> T {
        let dialect = database.dialect
        let run: @Sendable (any SQLDatabase) async throws -> (T, [DomainEvent]) = { sql in
            let transaction = Transaction(sql: sql, dialect: dialect)
            let result = try await body(transaction)
            return (result, transaction.events)
        }
        let (result, events) =
            checkingReferences ? try await database.transaction(run) : try await database.uncheckedTransaction(run)
        if dialect == .sqlite { hub.publish(events) }
        return result
    }

    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await database.read(body)
    }

    /// The id of the organisation's newest event (of every organisation's, with nil; 0 when there is
    /// none): where a stream of only new events starts.
    public func newestEventID(organizationID: String?) async throws -> Int64 {
        try await database.read { sql in
            let scope = organizationID.map { SQLQueryString(" WHERE org_id = \(bind: $0)") } ?? SQLQueryString("")
            return try await sql.raw(SQLQueryString("SELECT coalesce(max(id), 0) AS id FROM events") + scope).first()?
                .decode(column: "id", as: Int64.self) ?? 0
        }
    }

    /// Events of one organisation (of every organisation, with nil) after `afterID`, oldest first
    /// (SSE resume, the PostgreSQL listener's catch-up). With `runID`, only that agent run's events (its log).
    public func events(organizationID: String?, after afterID: Int64, limit: Int = 500, runID: String? = nil) async throws -> [DomainEvent]
    {
        try await database.read { sql in
            var query = sql.select().columns("id", "org_id", "type", "subject", "data", "created_at").from("events")
                .where("id", .greaterThan, SQLBind(afterID))
            if let organizationID { query = query.where("org_id", .equal, SQLBind(organizationID)) }
            if let runID { query = query.where("run_id", .equal, SQLBind(runID)) }
            return try await query.orderBy("id").limit(limit).all(decoding: DomainEvent.self)
        }
    }
}
