import Hummingbird
import Metrics
import Prometheus
import QuartermasterStore

/// `/healthz`, `/readyz`, `/metrics`.
struct OperationsController: Sendable {
    let database: Database
    let queue: JobQueue
    let registry: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("healthz") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}"))
            )
        }
        router.get("readyz", use: ready)
        router.get("metrics", use: metrics)
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        let migrated: Bool
        do {
            migrated = try await Migrator(database: database).isUpToDate()
        } catch {
            return Problem(status: .serviceUnavailable, slug: "not-ready", title: "Not ready", detail: "the database is not reachable")
                .response(instance: "/readyz")
        }
        guard migrated else {
            return Problem(status: .serviceUnavailable, slug: "not-ready", title: "Not ready", detail: "migrations are not applied")
                .response(instance: "/readyz")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ready\",\"database\":\"\(database.dialect.rawValue)\"}")))
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let counts = try? await queue.counts() {
            for status in JobStatus.allCases {
                Gauge(label: "quartermaster_jobs", dimensions: [("status", status.rawValue)]).record(counts[status] ?? 0)
            }
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }
}
