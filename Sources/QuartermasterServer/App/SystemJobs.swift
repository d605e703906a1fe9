import Foundation
import QuartermasterCore
import QuartermasterStore

struct DiagnosticFailure: Error, CustomStringConvertible {
    let attempt: Int
    var description: String { "diagnostic failure on attempt \(attempt), as requested" }
}

/// Housekeeping that runs hourly on whichever instance claims it: expired refresh tokens, old
/// idempotency records and finished jobs are deleted.
enum SystemJobs {
    static let kind = "maintenance.cleanup"
    /// A diagnostics job: fails `fail_times` times (to exercise retries), then emits `diagnostics.pong`.
    static let ping = "diagnostics.ping"

    private struct PingPayload: Decodable { let fail_times: Int? }

    static func register(in jobs: inout JobRegistry) {
        jobs.register(ping) { context in
            let payload = try? JSONDecoder().decode(PingPayload.self, from: Data(context.job.payload.utf8))
            if context.job.attempt <= (payload?.fail_times ?? 0) {
                throw DiagnosticFailure(attempt: context.job.attempt)
            }
            guard let organizationID = context.job.organizationID else { return }
            _ = try await context.store.write { tx in
                try await tx.emit(
                    organizationID: organizationID, type: "diagnostics.pong", subject: "job \(context.job.id)",
                    data: JSONText.encode(["job_id": .string(context.job.id), "attempt": .int(Int64(context.job.attempt))]))
            }
        }
        jobs.register(kind) { context in
            try await Housekeeping.run(context.store)
        }
        jobs.schedule(RecurringSchedule(name: "cleanup", jobKind: kind, intervalSeconds: 3_600))
    }
}
