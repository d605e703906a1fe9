import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import QuartermasterCore
import QuartermasterStore
import ServiceLifecycle

/// Live organisation events: Server-Sent Events at `/api/v1/events` (resumable with `Last-Event-ID`)
/// and WebSocket at `/api/v1/events/ws` (resumable with `?last_event_id=`).
struct EventsController: Sendable {
    let store: Store
    let keepAlive: Duration

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("events", use: sse)
        group.ws(
            "events/ws",
            shouldUpgrade: { request, context in
                guard context.principal != nil else { throw Problem.unauthorized("authentication required") }
                _ = try Self.lastEventID(request)
                return .upgrade([:])
            }, onUpgrade: webSocket)
    }

    static func lastEventID(_ request: Request) throws -> Int64? {
        guard let text = request.headers[.lastEventID] ?? request.uri.queryParameters["last_event_id"].map(String.init) else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw Problem.badRequest(
                "Last-Event-ID must be a non-negative integer", errors: [.init(field: "Last-Event-ID", message: "is not an event id")])
        }
        return value
    }

    /// Frames one event for SSE: `id`, `event`, `data` (JSON), blank line.
    static func sseFrame(_ event: DomainEvent) -> String {
        "id: \(event.id)\nevent: message\ndata: \(json(event))\n\n"
    }

    static func json(_ event: DomainEvent) -> String {
        "{\"id\":\(event.id),\"type\":\(JSONText.quote(event.type)),\"subject\":\(JSONText.quote(event.subject)),\"data\":\(event.data),\"created_at\":\"\(Instant.iso8601(event.createdAt))\"}"
    }

    /// The events to send: the backlog after `lastEventID` (if resuming), then live ones, without
    /// duplicates; keep-alive ticks as nil. Without `lastEventID`, only events newer than the
    /// organisation's newest when the stream opened (the hub may also publish older ones: on
    /// PostgreSQL the listener catches up on what it missed while not listening).
    func items(organizationID: String, lastEventID: Int64?) async -> AsyncStream<DomainEvent?> {
        let live = store.hub.subscribe(organizationID: organizationID)
        // Read before the response starts, so whatever the client does after it is newer.
        let newest = lastEventID == nil ? ((try? await store.newestEventID(organizationID: organizationID)) ?? 0) : 0
        let store = self.store
        let keepAlive = self.keepAlive
        return AsyncStream<DomainEvent?>(bufferingPolicy: .bufferingNewest(2_000)) { continuation in
            let task = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var lastSent = lastEventID ?? newest
                        if let lastEventID {
                            var cursor = lastEventID
                            while let backlog = try? await store.events(organizationID: organizationID, after: cursor), !backlog.isEmpty {
                                for event in backlog { continuation.yield(event) }
                                cursor = backlog.last!.id
                                lastSent = cursor
                                if backlog.count < 500 { break }
                            }
                        }
                        for await event in live where event.id > lastSent {
                            lastSent = event.id
                            continuation.yield(event)
                        }
                        continuation.finish()
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: keepAlive)
                            if Task.isCancelled { break }
                            continuation.yield(nil)
                        }
                    }
                    await group.next()
                    group.cancelAll()
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    @Sendable func sse(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let principal = context.principal else { throw Problem.unauthorized("authentication required") }
        let lastEventID = try Self.lastEventID(request)
        let stream = await items(organizationID: principal.organizationID, lastEventID: lastEventID)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name("X-Accel-Buffering")!: "no"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
                // The stream ends when the server shuts down gracefully, so the response completes.
                for await item in stream.cancelOnGracefulShutdown() {
                    if let event = item {
                        try await writer.write(ByteBuffer(string: Self.sseFrame(event)))
                    } else {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    }
                }
                try await writer.finish(nil)
            })
    }

    @Sendable func webSocket(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, context: WebSocketRouterContext<AppRequestContext>
    ) async throws {
        guard let principal = context.requestContext.principal else { return }
        let lastEventID = try? Self.lastEventID(context.request)
        let stream = await items(organizationID: principal.organizationID, lastEventID: lastEventID ?? nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await item in stream {
                    // Keep-alive ticks are not sent: the WebSocket server pings idle connections itself.
                    if let event = item {
                        try await outbound.write(.text(Self.json(event)))
                    }
                }
            }
            group.addTask {
                // Drain what the client sends; its close ends the connection.
                for try await _ in inbound.messages(maxSize: 64 * 1024) {}
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
