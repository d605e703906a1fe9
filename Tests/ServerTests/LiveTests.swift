import AsyncHTTPClient
import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Synchronization
import Testing

@Suite struct LiveTests {
    /// Reads SSE frames from a live server until `until` returns true or the time is up.
    static func readEvents(
        port: Int, token: String, lastEventID: Int? = nil, during: Duration = .seconds(10),
        until: @escaping @Sendable ([[String: Any]]) -> Bool, trigger: @Sendable () async throws -> Void
    ) async throws -> [[String: Any]] {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/events?access_token=\(token)")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "content-type") == "text/event-stream")
        try await trigger()
        var events: [[String: Any]] = []
        var text = ""
        let deadline = ContinuousClock.now + during
        for try await chunk in response.body {
            text += String(buffer: chunk)
            while let range = text.range(of: "\n\n") {
                let frame = String(text[..<range.lowerBound])
                text.removeSubrange(..<range.upperBound)
                for line in frame.split(separator: "\n") where line.hasPrefix("data: ") {
                    if let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8)) as? [String: Any] {
                        events.append(object)
                    }
                }
            }
            if until(events) || ContinuousClock.now > deadline { break }
        }
        return events
    }

    /// Clients hold connections open: a pool opens one for a request that then leaves on another
    /// connection, so the new one never sends anything, and async-http-client's shared client keeps
    /// unused connections for 10 minutes. The server closes them when it shuts down instead of
    /// waiting for them (it used to wait for a silent connection until its client let go).
    @Test func connectionsThatSentNothingOrAreKeptAliveDoNotHoldUpShutdown() async throws {
        let pool = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .singletonConfiguration)
        let silent = SilentSocket()
        // When the test's body ended and the application began to shut down (its start-up, under a
        // busy machine, is not counted).
        let bodyEnded = Moment()
        // True if the application shut down within 20 s of that; if not, the silent connection is
        // closed from here so that the failing test ends.
        let shutDown = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await withApp(.sqlite, testing: .live) { client, _ in
                    let port = try #require(client.port)
                    try await withThrowingTaskGroup(of: Void.self) { requests in
                        for _ in 0..<8 {
                            requests.addTask {
                                let response = try await pool.execute(
                                    HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(10))
                                #expect(response.status == .ok)
                                _ = try await response.body.collect(upTo: 1 << 16)
                            }
                        }
                        try await requests.waitForAll()
                    }
                    #expect(silent.open(port: port))
                    bodyEnded.mark()
                }
                return true
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: .milliseconds(100))
                    if let ended = bodyEnded.marked, ContinuousClock.now - ended > .seconds(20) { return false }
                }
            }
            let first = try await group.next() ?? false
            if !first { silent.close() }
            group.cancelAll()
            return first
        }
        #expect(shutDown, "the application was still shutting down 20 s after its test ended")
        silent.close()
        try await pool.shutdown()
    }

    @Test(arguments: TestDatabase.dialects)
    func serverSentEventsArriveLiveAndResume(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let port = try #require(client.port)
            let live = try await Self.readEvents(
                port: port, token: admin.accessToken,
                until: { events in
                    events.contains { $0["type"] as? String == "diagnostics.pong" }
                }
            ) {
                // A job through the queue and worker, whose event reaches the stream.
                let job = try await client.execute(
                    uri: "/api/v1/jobs", method: .post, headers: admin.auth, body: json(["kind": "diagnostics.ping", "fail_times": 1]))
                #expect(job.status == .accepted)
            }
            let types = live.compactMap { $0["type"] as? String }
            #expect(types.contains("diagnostics.pong"))
            #expect(!types.contains("organization.created"), "without Last-Event-ID only new events are sent")
            // Resume from the start: the backlog comes first, in order, then nothing is repeated.
            let resumed = try await Self.readEvents(
                port: port, token: admin.accessToken, lastEventID: 0,
                until: { events in
                    events.contains { $0["type"] as? String == "job.completed" }
                }
            ) {}
            let ids = resumed.compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
            #expect(resumed.first?["type"] as? String == "user.created" || resumed.first?["type"] as? String == "organization.created")
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func eventsNeverCrossOrganisationsAndNeedAToken(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let a = try await signup(client, organization: "Alpha", email: "a@alpha.test")
            let b = try await signup(client, organization: "Beta", email: "b@beta.test")
            let port = try #require(client.port)
            let seen = try await Self.readEvents(
                port: port, token: b.accessToken, lastEventID: 0, during: .seconds(3),
                until: { events in
                    events.contains { ($0["subject"] as? String) == "marker@beta.test" }
                }
            ) {
                _ = try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: a.auth,
                    body: json(["email": "x@alpha.test", "name": "X", "roles": ["buyer"], "password": password]))
                _ = try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: b.auth,
                    body: json(["email": "marker@beta.test", "name": "M", "roles": ["buyer"], "password": password]))
            }
            #expect(seen.contains { ($0["subject"] as? String) == "marker@beta.test" })
            #expect(!seen.contains { ($0["subject"] as? String)?.contains("alpha") == true })
            let anonymous = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/events"), timeout: .seconds(5))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func webSocketStreamsTheOrganisationsEvents(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let port = try #require(client.port)
            let received = try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask {
                    let texts = Mutex<[String]>([])
                    _ = try await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(port)/api/v1/events/ws?access_token=\(admin.accessToken)&last_event_id=0",
                        logger: TestDatabase.logger
                    ) { inbound, outbound, _ in
                        for try await message in inbound.messages(maxSize: 1 << 16) {
                            if case .text(let text) = message {
                                texts.withLock { $0.append(text) }
                                if text.contains("ws@acme.test") { break }
                            }
                        }
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    return texts.withLock { $0 }
                }
                try await Task.sleep(for: .milliseconds(300))
                _ = try await client.execute(
                    uri: "/api/v1/users", method: .post, headers: admin.auth,
                    body: json(["email": "ws@acme.test", "name": "W", "roles": ["buyer"], "password": password]))
                let result = try await group.next() ?? []
                group.cancelAll()
                return result
            }
            #expect(received.contains { $0.contains("\"organization.created\"") }, "backlog replayed from last_event_id=0")
            #expect(received.contains { $0.contains("ws@acme.test") })
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func operationsEndpoints(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            #expect(decode(ready)["database"] as? String == dialect.rawValue)
            let admin = try await signup(client)
            _ = try await client.execute(uri: "/api/v1/me", method: .get, headers: admin.auth)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("hb_requests{"))
            #expect(metrics.contains("http_route=\"/api/v1/me\""))
            #expect(metrics.contains("http_server_request_duration_bucket"))
            #expect(metrics.contains("quartermaster_jobs{status=\"queued\"}"))
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(String(buffer: page.body).contains("<html"))
            #expect(try await client.execute(uri: "/app.js", method: .get).headers[.contentType]?.hasPrefix("text/javascript") == true)
            expectProblem(try await client.execute(uri: "/api/v1/nope", method: .get), .notFound)
        }
    }

    /// The OpenAPI document names exactly the routes the router serves.
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        try await TestDatabase.with(.sqlite) { database in
            var configuration = ServerConfiguration()
            configuration.bcryptCost = 4
            let components = try await Quartermaster.components(
                configuration: configuration, database: database, logger: TestDatabase.logger)
            let router = try await Quartermaster.router(components)
            let served = Set(router.routes.map { "\($0.method.rawValue) \(Self.normalise("\($0.path)"))" })
            let app = try await Quartermaster.application(components)
            let document = try await app.test(.router) { client in
                decode(try await client.execute(uri: "/api/v1/openapi.json", method: .get))
            }
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(Self.normalise(path))")
                }
            }
            #expect(served.count >= 20)
            #expect(served.subtracting(documented).isEmpty, "routes missing from the document: \(served.subtracting(documented).sorted())")
            #expect(
                documented.subtracting(served).isEmpty, "documented routes that do not exist: \(documented.subtracting(served).sorted())")
        }
    }

    static func normalise(_ path: String) -> String {
        let trimmed = path.hasPrefix("/") ? path : "/" + path
        return trimmed.replacingOccurrences(of: "{id}", with: ":id").replacingOccurrences(of: "${id}", with: ":id")
    }
}

/// A plain TCP connection that sends nothing.
final class SilentSocket: Sendable {
    private let descriptor = Mutex<Int32>(-1)

    /// Connects to 127.0.0.1:`port`; false if that failed.
    func open(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            Glibc.close(socket)
            return false
        }
        descriptor.withLock { $0 = socket }
        return true
    }

    func close() {
        descriptor.withLock {
            if $0 >= 0 { Glibc.close($0) }
            $0 = -1
        }
    }
}

/// A moment one task marks and another reads.
final class Moment: Sendable {
    private let instant = Mutex<ContinuousClock.Instant?>(nil)
    func mark() { instant.withLock { $0 = .now } }
    var marked: ContinuousClock.Instant? { instant.withLock { $0 } }
}
