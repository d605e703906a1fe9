/// Something that happened in an organisation, recorded in the `events` table (the outbox) in the
/// same transaction as the change it describes, then delivered live.
public struct DomainEvent: Sendable, Hashable, Codable {
    public let id: Int64
    public let organizationID: String
    /// Dotted type, e.g. `user.created`, `job.completed`.
    public let type: String
    /// What it is about, for people: e.g. the user's email, the job's kind.
    public let subject: String
    /// The event's data as a JSON object text.
    public let data: String
    public let createdAt: Int64

    public init(id: Int64, organizationID: String, type: String, subject: String, data: String, createdAt: Int64) {
        self.id = id
        self.organizationID = organizationID
        self.type = type
        self.subject = subject
        self.data = data
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, type, subject, data
        case organizationID = "org_id"
        case createdAt = "created_at"
    }
}
