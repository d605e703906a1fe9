import Foundation
import QuartermasterStore
import Synchronization

/// A very short-lived cache of `/me` profiles (member + organisation) per instance. `/me` is what
/// every page of the UI asks first; a second of staleness for a name or a role list is harmless,
/// and changes made through this instance drop the entry at once.
final class ProfileCache: Sendable {
    private let entries = Mutex<[String: (member: MemberRecord, organization: OrganizationRecord, expires: Double)]>([:])
    let seconds: Double
    let capacity = 20_000

    init(seconds: Double = 1) { self.seconds = seconds }

    func profile(
        _ tenant: Tenant, userID: String, load: () async throws -> (MemberRecord, OrganizationRecord)?
    ) async throws -> (MemberRecord, OrganizationRecord)? {
        let key = tenant.organizationID + "|" + userID
        let now = Date().timeIntervalSince1970
        if let hit = entries.withLock({ $0[key] }), hit.expires > now { return (hit.member, hit.organization) }
        guard let loaded = try await load() else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (loaded.0, loaded.1, now + seconds)
        }
        return loaded
    }

    /// Drops every cached profile of `organizationID` (after a change to its users or itself).
    func forget(organizationID: String) {
        entries.withLock { entries in entries = entries.filter { !$0.key.hasPrefix(organizationID + "|") } }
    }
}
