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
        Migration(version: 3, name: "catalog") { dialect in
            let t = DialectTypes(dialect)
            let real = dialect == .sqlite ? "REAL" : "DOUBLE PRECISION"
            let blobText = "TEXT"
            var statements = [
                """
                CREATE TABLE vendors (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    contact_name TEXT,
                    contact_email TEXT,
                    contact_phone TEXT,
                    website TEXT,
                    currency TEXT NOT NULL,
                    shipping_fee BIGINT NOT NULL DEFAULT 0,
                    free_shipping_over BIGINT,
                    min_order_value BIGINT,
                    lead_time_days INTEGER NOT NULL,
                    reliability \(real) NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL,
                    UNIQUE (org_id, name)
                )
                """,
                """
                CREATE TABLE products (
                    seq \(t.serialPrimaryKey),
                    id TEXT NOT NULL UNIQUE,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    brand TEXT,
                    description TEXT,
                    bullets TEXT NOT NULL,
                    category TEXT NOT NULL,
                    category_path TEXT NOT NULL,
                    category_top TEXT NOT NULL,
                    unspsc TEXT,
                    gtin TEXT,
                    mpn TEXT,
                    images TEXT NOT NULL,
                    attributes TEXT NOT NULL,
                    specs \(t.json) NOT NULL,
                    options TEXT NOT NULL,
                    source_vendor_id TEXT,
                    vendor_ids TEXT NOT NULL DEFAULT '',
                    min_price BIGINT,
                    in_stock INTEGER NOT NULL DEFAULT 0,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX products_gtin ON products (org_id, gtin)",
                "CREATE INDEX products_org ON products (org_id, seq)",
                """
                CREATE TABLE variants (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
                    sku TEXT NOT NULL,
                    options TEXT NOT NULL,
                    options_key TEXT NOT NULL,
                    UNIQUE (product_id, options_key)
                )
                """,
                """
                CREATE TABLE offers (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    vendor_id TEXT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
                    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
                    variant_id TEXT NOT NULL REFERENCES variants(id) ON DELETE CASCADE,
                    vendor_sku TEXT NOT NULL,
                    parent_sku TEXT NOT NULL,
                    price BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    price_breaks TEXT NOT NULL,
                    stock BIGINT,
                    moq INTEGER NOT NULL,
                    order_multiple INTEGER NOT NULL,
                    lead_time_days INTEGER,
                    unit TEXT NOT NULL,
                    pack_size INTEGER NOT NULL,
                    base_price BIGINT NOT NULL,
                    valid_from TEXT,
                    valid_until TEXT,
                    updated_at \(t.instant) NOT NULL,
                    UNIQUE (org_id, vendor_id, vendor_sku)
                )
                """,
                "CREATE INDEX offers_product ON offers (product_id)",
                "CREATE INDEX offers_parent ON offers (vendor_id, parent_sku)",
                """
                CREATE TABLE price_history (
                    id \(t.serialPrimaryKey),
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    offer_id TEXT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
                    price BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    stock BIGINT,
                    source TEXT NOT NULL,
                    recorded_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX price_history_offer ON price_history (offer_id, id)",
                """
                CREATE TABLE catalog_imports (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    vendor_id TEXT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
                    format TEXT NOT NULL,
                    strict INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    status TEXT NOT NULL,
                    total_bytes BIGINT NOT NULL,
                    rows_read INTEGER NOT NULL DEFAULT 0,
                    imported INTEGER NOT NULL DEFAULT 0,
                    rejected INTEGER NOT NULL DEFAULT 0,
                    warnings INTEGER NOT NULL DEFAULT 0,
                    report TEXT NOT NULL DEFAULT '[]',
                    error TEXT,
                    created_by TEXT,
                    created_at \(t.instant) NOT NULL,
                    started_at \(t.instant),
                    finished_at \(t.instant)
                )
                """,
                "CREATE INDEX catalog_imports_org ON catalog_imports (org_id, created_at)",
                """
                CREATE TABLE catalog_import_chunks (
                    import_id TEXT NOT NULL REFERENCES catalog_imports(id) ON DELETE CASCADE,
                    seq INTEGER NOT NULL,
                    data \(blobText) NOT NULL,
                    PRIMARY KEY (import_id, seq)
                )
                """,
                """
                CREATE TABLE vendor_feeds (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    vendor_id TEXT NOT NULL UNIQUE REFERENCES vendors(id) ON DELETE CASCADE,
                    url TEXT NOT NULL,
                    format TEXT NOT NULL,
                    interval_minutes INTEGER NOT NULL,
                    price_alert_percent INTEGER NOT NULL,
                    enabled INTEGER NOT NULL,
                    last_run_at \(t.instant),
                    last_import_id TEXT,
                    last_error TEXT,
                    created_at \(t.instant) NOT NULL
                )
                """,
                """
                CREATE TABLE product_embeddings (
                    product_id TEXT PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    model TEXT NOT NULL,
                    vector TEXT NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX product_embeddings_org ON product_embeddings (org_id, model)",
                """
                CREATE TABLE search_synonyms (
                    org_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
                    rules TEXT NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
            ]
            if dialect == .sqlite {
                statements.append(
                    """
                    CREATE VIRTUAL TABLE product_fts USING fts5(
                        title, brand, attributes, category, bullets, description,
                        tokenize = 'porter unicode61 remove_diacritics 2'
                    )
                    """)
            } else {
                statements.append("ALTER TABLE products ADD COLUMN search tsvector")
                statements.append("CREATE INDEX products_search ON products USING GIN (search)")
                statements.append("CREATE INDEX products_specs ON products USING GIN (specs jsonb_path_ops)")
            }
            return statements
        },
        Migration(version: 4, name: "agent") { dialect in
            let t = DialectTypes(dialect)
            return [
                """
                CREATE TABLE requests (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    created_by TEXT,
                    title TEXT NOT NULL,
                    text TEXT,
                    input TEXT NOT NULL,
                    status TEXT NOT NULL,
                    requisition TEXT,
                    quote TEXT,
                    total BIGINT,
                    currency TEXT,
                    run_id TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX requests_org ON requests (org_id, created_at)",
                """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    step TEXT NOT NULL,
                    waiting_for TEXT,
                    generation INTEGER NOT NULL DEFAULT 0,
                    error TEXT,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL,
                    finished_at \(t.instant)
                )
                """,
                "CREATE INDEX runs_status ON runs (status, updated_at)",
                """
                CREATE TABLE run_steps (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    org_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    ordinal INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    input TEXT,
                    output TEXT,
                    error TEXT,
                    started_at \(t.instant),
                    finished_at \(t.instant),
                    duration_ms BIGINT,
                    PRIMARY KEY (run_id, name)
                )
                """,
                """
                CREATE TABLE intents (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    run_id TEXT,
                    step TEXT,
                    effect TEXT NOT NULL,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    request TEXT NOT NULL,
                    status TEXT NOT NULL,
                    receipt TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX intents_pending ON intents (status, updated_at)",
                "ALTER TABLE events ADD COLUMN run_id TEXT",
                "CREATE INDEX events_run ON events (run_id, id)",
            ]
        },
        Migration(version: 5, name: "budgets and approvals") { dialect in
            let t = DialectTypes(dialect)
            return [
                """
                CREATE TABLE cost_centres (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    code TEXT NOT NULL,
                    name TEXT NOT NULL,
                    owner_id TEXT,
                    created_at \(t.instant) NOT NULL,
                    UNIQUE (org_id, code)
                )
                """,
                """
                CREATE TABLE budgets (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    cost_centre_id TEXT NOT NULL REFERENCES cost_centres(id) ON DELETE CASCADE,
                    period_kind TEXT NOT NULL,
                    period_start TEXT NOT NULL,
                    period_end TEXT NOT NULL,
                    amount BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    actions TEXT NOT NULL,
                    version BIGINT NOT NULL DEFAULT 0,
                    created_at \(t.instant) NOT NULL,
                    UNIQUE (org_id, cost_centre_id, period_kind, period_start)
                )
                """,
                """
                CREATE TABLE budget_entries (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    budget_id TEXT NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
                    request_id TEXT NOT NULL,
                    stage TEXT NOT NULL,
                    amount BIGINT NOT NULL,
                    note TEXT,
                    created_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX budget_entries_budget ON budget_entries (budget_id, stage)",
                "CREATE INDEX budget_entries_request ON budget_entries (request_id)",
                """
                CREATE TABLE approval_rules (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    enabled INTEGER NOT NULL,
                    conditions TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                """
                CREATE TABLE purchasing_policies (
                    org_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
                    policy TEXT NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                """
                CREATE TABLE spending_limits (
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    request_limit BIGINT,
                    approval_limit BIGINT,
                    updated_at \(t.instant) NOT NULL,
                    PRIMARY KEY (org_id, user_id)
                )
                """,
                """
                CREATE TABLE delegations (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    from_user TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    to_user TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    starts_at \(t.instant) NOT NULL,
                    ends_at \(t.instant) NOT NULL,
                    created_at \(t.instant) NOT NULL
                )
                """,
                """
                CREATE TABLE approvals (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
                    run_id TEXT NOT NULL,
                    generation INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    amount BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    rule_id TEXT,
                    reason TEXT NOT NULL,
                    flow TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL,
                    expires_at \(t.instant) NOT NULL,
                    decided_at \(t.instant),
                    UNIQUE (run_id, generation)
                )
                """,
                "CREATE INDEX approvals_status ON approvals (org_id, status, created_at)",
            ]
        },
        Migration(version: 6, name: "purchase orders") { dialect in
            let t = DialectTypes(dialect)
            return [
                "ALTER TABLE vendors ADD COLUMN address TEXT",
                """
                CREATE TABLE purchasing_profiles (
                    org_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
                    profile TEXT NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                """
                CREATE TABLE po_counters (
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    year INTEGER NOT NULL,
                    last INTEGER NOT NULL,
                    PRIMARY KEY (org_id, year)
                )
                """,
                """
                CREATE TABLE purchase_orders (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    number TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    request_id TEXT NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
                    vendor_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    total BIGINT NOT NULL,
                    document TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL,
                    UNIQUE (org_id, number),
                    UNIQUE (request_id, vendor_id)
                )
                """,
                "CREATE INDEX purchase_orders_org ON purchase_orders (org_id, created_at)",
            ]
        },
        Migration(version: 7, name: "language models") { dialect in
            let t = DialectTypes(dialect)
            return [
                """
                CREATE TABLE model_settings (
                    org_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
                    backend TEXT NOT NULL,
                    base_url TEXT NOT NULL,
                    model TEXT NOT NULL,
                    api_key TEXT,
                    monthly_token_quota BIGINT,
                    prices TEXT,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                """
                CREATE TABLE model_usage (
                    id \(t.serialPrimaryKey),
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    run_id TEXT,
                    step TEXT,
                    service TEXT NOT NULL,
                    model TEXT NOT NULL,
                    prompt_tokens BIGINT NOT NULL,
                    completion_tokens BIGINT NOT NULL,
                    cost BIGINT NOT NULL,
                    currency TEXT,
                    succeeded INTEGER NOT NULL,
                    day TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX model_usage_org ON model_usage (org_id, day)",
            ]
        },
        Migration(version: 8, name: "receipts and invoices") { dialect in
            let t = DialectTypes(dialect)
            return [
                """
                CREATE TABLE receipts (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    po_id TEXT NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
                    lines TEXT NOT NULL,
                    received_by TEXT,
                    created_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX receipts_po ON receipts (po_id, created_at)",
                """
                CREATE TABLE invoices (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    po_id TEXT NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
                    number TEXT NOT NULL,
                    status TEXT NOT NULL,
                    lines TEXT NOT NULL,
                    charges BIGINT NOT NULL,
                    total BIGINT NOT NULL,
                    expected BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    reasons TEXT NOT NULL,
                    created_by TEXT,
                    created_at \(t.instant) NOT NULL,
                    UNIQUE (org_id, po_id, number)
                )
                """,
            ]
        },
        Migration(version: 9, name: "vendor connectors") { dialect in
            let t = DialectTypes(dialect)
            return [
                """
                CREATE TABLE vendor_connectors (
                    vendor_id TEXT PRIMARY KEY REFERENCES vendors(id) ON DELETE CASCADE,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    url TEXT NOT NULL,
                    api_key TEXT,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                "ALTER TABLE purchase_orders ADD COLUMN vendor_reference TEXT",
            ]
        },
        Migration(version: 10, name: "supplier portal and vendor messages") { dialect in
            let t = DialectTypes(dialect)
            return [
                // A vendor user: a member with the (exclusive) vendor role, acting for one vendor.
                """
                CREATE TABLE vendor_users (
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    vendor_id TEXT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
                    created_at \(t.instant) NOT NULL,
                    PRIMARY KEY (org_id, user_id)
                )
                """,
                "CREATE INDEX vendor_users_vendor ON vendor_users (vendor_id)",
                // The conversation between buyer and vendor about one order.
                """
                CREATE TABLE po_messages (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    po_id TEXT NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
                    side TEXT NOT NULL,
                    author_id TEXT,
                    author_name TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX po_messages_po ON po_messages (po_id, created_at)",
                // Shipments as the vendor described them (the order's state keeps the quantities).
                """
                CREATE TABLE po_shipments (
                    po_id TEXT NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
                    shipment_id TEXT NOT NULL,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    carrier TEXT,
                    tracking_number TEXT,
                    shipped_at \(t.instant),
                    delivery_at \(t.instant),
                    lines TEXT NOT NULL,
                    source TEXT NOT NULL,
                    updated_at \(t.instant) NOT NULL,
                    PRIMARY KEY (po_id, shipment_id)
                )
                """,
                // Every message from a vendor (webhook, cXML, portal action, status poll) with what
                // became of it: applied, or refused with the reason. Never lost, applied once.
                """
                CREATE TABLE vendor_inbox (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    vendor_id TEXT NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
                    source TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    order_number TEXT,
                    status TEXT NOT NULL,
                    reason TEXT,
                    body TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    UNIQUE (vendor_id, source, event_id)
                )
                """,
                "CREATE INDEX vendor_inbox_org ON vendor_inbox (org_id, created_at)",
                // The secret a vendor signs its webhooks (or cXML SharedSecret) with, sealed.
                "ALTER TABLE vendor_connectors ADD COLUMN webhook_secret TEXT",
                // When the status polling job last asked the vendor about the order.
                "ALTER TABLE purchase_orders ADD COLUMN polled_at \(t.instant)",
            ]
        },
        Migration(version: 11, name: "fleet and transport bookings") { dialect in
            let t = DialectTypes(dialect)
            return [
                // A vehicle of the organisation's fleet: its cargo space, payload, costs, depot and
                // availability calendar as one JSON document (Core `Vehicle`).
                """
                CREATE TABLE vehicles (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    vehicle TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL
                )
                """,
                "CREATE INDEX vehicles_org ON vehicles (org_id, name)",
                """
                CREATE TABLE transport_bookings (
                    id TEXT PRIMARY KEY,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    idempotency_key TEXT NOT NULL,
                    booking_date TEXT NOT NULL,
                    status TEXT NOT NULL,
                    booking TEXT NOT NULL,
                    layouts TEXT NOT NULL,
                    created_at \(t.instant) NOT NULL,
                    updated_at \(t.instant) NOT NULL,
                    UNIQUE (org_id, idempotency_key)
                )
                """,
                "CREATE INDEX transport_bookings_day ON transport_bookings (org_id, booking_date)",
                // A vehicle held by a booking on its day. The primary key is what keeps two
                // bookings off one vehicle on one day, whichever instance books; a booking that
                // no longer holds its vehicles (cancelled before dispatch) deletes its rows.
                """
                CREATE TABLE vehicle_days (
                    vehicle_id TEXT NOT NULL REFERENCES vehicles(id) ON DELETE CASCADE,
                    booking_date TEXT NOT NULL,
                    booking_id TEXT NOT NULL REFERENCES transport_bookings(id) ON DELETE CASCADE,
                    org_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                    PRIMARY KEY (vehicle_id, booking_date)
                )
                """,
            ]
        },
        Migration(version: 12, name: "search: spec index, catalog stamp") { dialect in
            // The search vocabulary's freshness check (count and latest change of an organisation's
            // products) reads this index instead of every products row.
            var statements = ["CREATE INDEX products_org_updated ON products (org_id, updated_at)"]
            guard dialect == .sqlite else { return statements }
            // SQLite's index of spec values (`SpecIndex`): a spec filter reads the products that pass
            // it from here instead of parsing the JSON specs of every full-text match.
            statements += [
                """
                CREATE TABLE product_specs (
                    key TEXT NOT NULL,
                    value NOT NULL,
                    seq INTEGER NOT NULL,
                    top INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    PRIMARY KEY (key, value, seq, top, type)
                ) WITHOUT ROWID
                """,
                SpecIndex.fill(where: "1 = 1"),
            ]
            return statements
        },
        Migration(version: 13, name: "catalog: offers per vendor, content digests") { _ in
            [
                // Kept by `CatalogWriter`, the only writer of offers (which are never deleted): an import
                // compares it with the offers it added itself instead of counting the vendor's offers.
                "ALTER TABLE vendors ADD COLUMN offer_count BIGINT NOT NULL DEFAULT 0",
                "UPDATE vendors SET offer_count = (SELECT count(*) FROM offers o WHERE o.vendor_id = vendors.id)",
                // Digests of what a file gave a product and an offer: what has not changed is not
                // written again. NULL (rows from before): written once more, then compared.
                "ALTER TABLE products ADD COLUMN content_hash TEXT",
                "ALTER TABLE offers ADD COLUMN terms_hash TEXT",
            ]
        },
        Migration(version: 14, name: "catalog: summaries worked out again") { dialect in
            // An offer that moved to another product left the first one's summary as it was (fixed in
            // `CatalogWriter`); imports no longer recompute unchanged products, so this repairs them once.
            ["UPDATE products SET " + CatalogWriter.summaryFromOffers(dialect)]
        },
    ]
}
