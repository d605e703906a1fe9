import QuartermasterCore
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct EventTests {
    @Test(arguments: TestDatabase.dialects)
    func eventsCommitWithTheirChangeOrNotAtAll(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let identity = SQLIdentityRepository(store: store)
            let (org, _) = try await identity.createOrganization(
                name: "Ev", admin: NewMember(email: "e@ev.com", name: "E", passwordHash: nil, roles: [.admin]))
            let before = try await store.events(organizationID: org.id, after: 0)
            #expect(before.map(\.type).sorted() == ["organization.created", "user.created"])
            // A transaction that fails after emitting leaves no event behind.
            await #expect(throws: TestFailure.self) {
                try await store.write { tx in
                    try await tx.emit(organizationID: org.id, type: "doomed", subject: "x")
                    throw TestFailure()
                }
            }
            #expect(try await store.events(organizationID: org.id, after: 0).count == 2)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func severalEventsWrittenAtOnceKeepTheirOrder(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let identity = SQLIdentityRepository(store: store)
            let (org, _) = try await identity.createOrganization(
                name: "Batch", admin: NewMember(email: "b@batch.com", name: "B", passwordHash: nil, roles: [.admin]))
            let after = try await store.events(organizationID: org.id, after: 0).map(\.id).max() ?? 0
            let written = try await store.write { tx in
                try await tx.emitAll(
                    (1...5).map {
                        Transaction.NewEvent(
                            organizationID: org.id, type: "step.\($0)", subject: "s", data: #"{"n":\#($0)}"#, runID: "run_1")
                    })
            }
            #expect(written.map(\.type) == (1...5).map { "step.\($0)" })
            let read = try await store.events(organizationID: org.id, after: after, limit: 10, runID: "run_1")
            #expect(read.map(\.type) == written.map(\.type))
            #expect(read.map(\.id) == written.map(\.id))
            #expect(read.map(\.data) == (1...5).map { #"{"n":\#($0)}"# })
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func subscribersReceiveOnlyTheirOrganisationsEventsLive(_ dialect: DatabaseDialect) async throws {
        try await TestDatabase.with(dialect) { database in
            let store = Store(database: database, hub: EventHub())
            let identity = SQLIdentityRepository(store: store)
            let (a, _) = try await identity.createOrganization(
                name: "A", admin: NewMember(email: "a@a.com", name: "A", passwordHash: nil, roles: [.admin]))
            let (b, _) = try await identity.createOrganization(
                name: "B", admin: NewMember(email: "b@b.com", name: "B", passwordHash: nil, roles: [.admin]))
            let streamA = store.hub.subscribe(organizationID: a.id)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // On PostgreSQL the listener starts only after both events are committed (no LISTEN
                // was active for their notifications): it publishes them from the table on start,
                // and nothing from before the instance started.
                let since = try await store.newestEventID(organizationID: nil)
                _ = try await store.write { tx in try await tx.emit(organizationID: b.id, type: "secret.b", subject: "b") }
                _ = try await store.write { tx in try await tx.emit(organizationID: a.id, type: "hello.a", subject: "a", data: "{\"n\":1}") }
                if let driver = database.driver as? PostgresDriver {
                    group.addTask { try await EventListener(driver: driver, store: store, logger: TestDatabase.logger, since: since).run() }
                }
                group.addTask {
                    // An event that never comes ends the stream instead of hanging the test.
                    try? await Task.sleep(for: .seconds(20))
                    if !Task.isCancelled { store.hub.finishAll() }
                }
                var iterator = streamA.makeAsyncIterator()
                let event = await iterator.next()
                #expect(event?.type == "hello.a")
                #expect(event?.data == "{\"n\":1}")
                // Committed while listening: the notification brings it.
                _ = try await store.write { tx in try await tx.emit(organizationID: a.id, type: "later.a", subject: "a") }
                #expect(await iterator.next()?.type == "later.a")
                group.cancelAll()
            }
        }
    }
}
