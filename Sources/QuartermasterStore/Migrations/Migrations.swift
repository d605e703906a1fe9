/// Every migration, in order. Append only: never edit or reorder an entry once it has shipped.
public enum Migrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "identity") { dialect in
            let t = DialectTypes(dialect)
            return [
                """
                CREATE TABLE organizations (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    slug TEXT NOT NULL UNIQUE,
                    time_zone TEXT NOT NULL DEFAULT 'UTC',
                    created_at \(t.instant) NOT NULL
                )
                """,
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    password_hash TEXT,
                    locale TEXT,
                    created_at \(t.instant) NOT NULL,
                    disabled_at \(t.instant)
                )
                """,
                """
                CREATE TABLE memberships (
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    roles TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    PRIMARY KEY (org_id, user_id)
                )
                """,
                "CREATE INDEX memberships_user ON memberships (user_id)",
                """
                CREATE TABLE refresh_tokens (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    family_id TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at \(t.instant) NOT NULL,
                    expires_at \(t.instant) NOT NULL,
                    used_at \(t.instant),
                    revoked_at \(t.instant)
                )
                """,
                "CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)",
                """
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    prefix TEXT NOT NULL UNIQUE,
                    key_hash TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    last_used_at \(t.instant),
                    revoked_at \(t.instant)
                )
                """,
                "CREATE INDEX api_keys_org ON api_keys (org_id, created_at)",
                """
                CREATE TABLE audit_log (
                    id \(t.serialPrimaryKey),
                    org_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
                    actor_id TEXT,
                    action TEXT NOT NULL,
                    subject TEXT,
                    ip TEXT,
                    detail TEXT NOT NULL DEFAULT '{}',
                    created_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX audit_log_org ON audit_log (org_id, id)",
                """
                CREATE TABLE instance_settings (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                )
                """,
            ]
        },
        Migration(version: 2, name: "jobs-events-idempotency") { dialect in
            let t = DialectTypes(dialect)
            return [
                """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY,
                    org_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    max_attempts INTEGER NOT NULL,
                    run_at \(t.instant) NOT NULL,
                    idempotency_key TEXT UNIQUE,
                    locked_by TEXT,
                    lease_until \(t.instant),
                    last_error TEXT,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL,
                    finished_at \(t.instant)
                )
                """,
                "CREATE INDEX jobs_due ON jobs (status, run_at)",
                """
                CREATE TABLE events (
                    id \(t.serialPrimaryKey),
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    type TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    data TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX events_org ON events (org_id, id)",
                """
                CREATE TABLE idempotency_keys (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    request_hash TEXT NOT NULL,
                    status_code INTEGER,
                    content_type TEXT,
                    response_body TEXT,
                    created_at \(t.instant) NOT NULL,
                    PRIMARY KEY (scope, key)
                )
                """,
            ]
        },
    ]
}
