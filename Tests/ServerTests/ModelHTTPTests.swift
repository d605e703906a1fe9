import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import SQLKit
import Testing

@Suite struct ModelHTTPTests {
    static func put(_ client: any TestClientProtocol, _ session: Session, _ body: [String: Any]) async throws -> TestResponse {
        try await client.execute(uri: "/api/v1/model-settings", method: .put, headers: session.auth, body: json(body))
    }

    static func logTexts(_ client: any TestClientProtocol, _ session: Session, run: String) async throws -> [String] {
        try await AgentHTTPTests.events(client, session, run: run).compactMap { ($0["data"] as? [String: Any])?["text"] as? String }
    }

    @Test(arguments: TestDatabase.dialects)
    func aModelThatCannotBeReachedDegradesToTheBuiltInParserAndSaysWhy(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, components in
            let admin = try await signup(client)
            try await AgentHTTPTests.stockCatalog(client, admin)
            let buyer = try await addUser(client, admin, email: "bo@acme.test", roles: ["buyer"])
            expectProblem(try await client.execute(uri: "/api/v1/model-settings", method: .get, headers: admin.auth), .notFound)
            let bad = try await Self.put(client, admin, ["backend": "gpt", "base_url": "ftp://x", "model": ""])
            #expect(Set(fieldNames(expectProblem(bad, .unprocessableContent))) == ["backend", "base_url", "model"])
            expectProblem(try await Self.put(client, buyer, ["backend": "openai", "base_url": "http://x", "model": "m"]), .forbidden)

            // Nothing listens on port 9: every call fails at once.
            let secret = "sk-test-\(UUID().uuidString)"
            let saved = try await Self.put(
                client, admin, ["backend": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "gpt-4o-mini", "api_key": secret])
            #expect(saved.status == .ok)
            let body = decode(saved)
            #expect(body["api_key_set"] as? Bool == true)
            #expect(!String(buffer: saved.body).contains(secret))
            // The key is stored encrypted, and decrypts to what was given.
            let stored = try await components.store.read { sql in
                try await sql.raw("SELECT api_key FROM model_settings").first()?.decode(column: "api_key", as: String.self)
            }
            #expect(stored != nil && stored?.contains(secret) == false)
            #expect(try await components.agent.models.apiKey(Tenant(organizationID: admin.organizationID)) == secret)
            // Saving again without a key keeps it.
            #expect(
                try await Self.put(client, admin, ["backend": "openai", "base_url": "http://127.0.0.1:9/v1", "model": "gpt-4o"]).status
                    == .ok)
            #expect(try await components.agent.models.apiKey(Tenant(organizationID: admin.organizationID)) == secret)

            let (id, run) = try await AgentHTTPTests.submit(
                client, admin, ["text": "- 2 boxes of black gel pens\n- 10 reams of A4 copy paper"])
            let done = try await AgentHTTPTests.waitForRequest(client, admin, id, ["approved", "failed", "needs_clarification"])
            #expect(done["status"] as? String == "approved")
            let lines = (done["requisition"] as? [String: Any])?["lines"] as? [[String: Any]] ?? []
            #expect(lines.map { $0["quantity"] as? Int } == [2, 10])
            let texts = try await Self.logTexts(client, admin, run: run)
            #expect(texts.contains { $0.contains("Reading the request text with openai:gpt-4o") })
            #expect(texts.contains { $0.contains("Used the built-in parser instead of openai:gpt-4o") })
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func usageIsCountedAndAQuotaSendsRunsToTheBuiltInModel(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, components in
            let admin = try await signup(client)
            try await AgentHTTPTests.stockCatalog(client, admin)
            let tenant = Tenant(organizationID: admin.organizationID)
            #expect(
                try await Self.put(
                    client, admin,
                    ["backend": "vllm", "base_url": "http://127.0.0.1:9/v1", "model": "qwen", "monthly_token_quota": 1_000]
                ).status == .ok)
            let models = components.agent.models
            let usd = CurrencyCode("USD")!
            try await models.record(
                tenant, runID: nil, step: "understand", service: "chat",
                call: ModelCallRecord(
                    model: "vllm:qwen", usage: TokenUsage(promptTokens: 600, completionTokens: 100, reported: true),
                    cost: Money(FixedDecimal(parsing: "0.0012")!, usd), milliseconds: 40, succeeded: true))
            #expect(try await models.quotaExceeded(tenant) == false)
            try await models.record(
                tenant, runID: nil, step: "search", service: "embeddings",
                call: ModelCallRecord(
                    model: "vllm:embed", usage: TokenUsage(promptTokens: 400, completionTokens: 0, reported: true), cost: nil,
                    milliseconds: 5,
                    succeeded: true))
            #expect(try await models.quotaExceeded(tenant))
            let alerts = try await components.store.events(organizationID: admin.organizationID, after: 0, limit: 500)
                .filter { $0.type == "usage.quota_exceeded" }
            #expect(alerts.count == 1)

            let usage = try await client.execute(uri: "/api/v1/usage", method: .get, headers: admin.auth) { decode($0) }
            let total = try #require(usage["total"] as? [String: Any])
            #expect(total["calls"] as? Int == 2)
            #expect(total["prompt_tokens"] as? Int == 1_000)
            #expect((total["cost"] as? NSNumber)?.doubleValue == 0.0012)
            #expect((usage["by_service"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == ["chat", "embeddings"])
            #expect((usage["by_model"] as? [[String: Any]])?.count == 2)
            let backwards = try await client.execute(uri: "/api/v1/usage?from=2026-12-01&to=2026-11-01", method: .get, headers: admin.auth)
            #expect(fieldNames(expectProblem(backwards, .unprocessableContent)) == ["to"])

            // Past the quota, runs read with the built-in parser and say so.
            let (_, run) = try await AgentHTTPTests.submit(client, admin, ["text": "10 reams of A4 copy paper"])
            for _ in 0..<200 {
                if try await Self.logTexts(client, admin, run: run).contains(where: { $0.contains("quota is used up") }) { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(try await Self.logTexts(client, admin, run: run).contains { $0.contains("quota is used up") })
        }
    }
}
