import SQLKit

/// The organisation a piece of work runs for. Only the server's tenant context and background jobs
/// (from a job's own `org_id`) create one.
public struct Tenant: Sendable, Hashable {
    public let organizationID: String
    public init(organizationID: String) { self.organizationID = organizationID }
}

/// The one place where queries on tenant-owned tables get their organisation filter.
public struct TenantScope: Sendable {
    public let tenant: Tenant
    public let sql: any SQLDatabase

    public init(_ tenant: Tenant, _ sql: any SQLDatabase) {
        self.tenant = tenant
        self.sql = sql
    }

    /// `SELECT … FROM table WHERE org_id = tenant`.
    public func select(from table: String) -> SQLSelectBuilder {
        sql.select().from(table).where(SQLColumn("org_id", table: table), .equal, SQLBind(tenant.organizationID))
    }

    /// `UPDATE table SET … WHERE org_id = tenant`.
    public func update(_ table: String) -> SQLUpdateBuilder {
        sql.update(table).where("org_id", .equal, SQLBind(tenant.organizationID))
    }

    /// `DELETE FROM table WHERE org_id = tenant`.
    public func delete(from table: String) -> SQLDeleteBuilder {
        sql.delete(from: table).where("org_id", .equal, SQLBind(tenant.organizationID))
    }

    /// `INSERT INTO table` with `org_id` set to the tenant; add the other columns and values after it.
    public func insert(into table: String, columns: [String], values: [any Encodable & Sendable]) -> SQLInsertBuilder {
        sql.insert(into: table).columns(["org_id"] + columns).values([SQLBind(tenant.organizationID)] + values.map { SQLBind($0) })
    }
}

/// Cursor pagination: `after` is an opaque cursor from a previous page.
public struct PageRequest: Sendable, Hashable {
    public let limit: Int
    public let after: String?
    public init(limit: Int = 50, after: String? = nil) {
        self.limit = min(max(limit, 1), 200)
        self.after = after
    }
}

public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
