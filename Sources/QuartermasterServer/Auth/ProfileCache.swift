import QuartermasterStore

/// A very short-lived cache of `/me` profiles (member + organisation) per instance. `/me` is what
/// every page of the UI asks first; a second of staleness for a name or a role list is harmless,
/// and changes made through this instance drop the entry at once.
final class ProfileCache: Sendable {
    typealias Profile = (member: MemberRecord, organization: OrganizationRecord)
    private let entries = ExpiringCache<Profile>(capacity: 20_000)
    let seconds: Double

    init(seconds: Double = 1) { self.seconds = seconds }

    func profile(
        _ tenant: Tenant, userID: String, load: () async throws -> (MemberRecord, OrganizationRecord)?
    ) async throws -> (MemberRecord, OrganizationRecord)? {
        let key = tenant.organizationID + "|" + userID
        if let hit = entries.value(for: key) { return hit }
        guard let loaded = try await load() else { return nil }
        entries.set(loaded, for: key, expires: ExpiringCache<Profile>.now + seconds)
        return loaded
    }

    /// Drops every cached profile of `organizationID` (after a change to its users or itself).
    func forget(organizationID: String) {
        entries.removeAll { key, _ in key.hasPrefix(organizationID + "|") }
    }
}
