import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct AgentHTTPTests {
    /// Two vendors selling the same pens at different prices, and paper from one of them.
    static func stockCatalog(_ client: any TestClientProtocol, _ admin: Session) async throws {
        let cheap = try await CatalogHTTPTests.createVendor(client, admin, name: "OfficeHub")
        let dear = try await CatalogHTTPTests.createVendor(client, admin, name: "Northside")
        let cheapLines = [
            #"{"sku": "G-1", "gtin": "4006381333931", "title": "Scribo Gel Pens Fine, Pack of 12", "brand": "Scribo", "category": ["Writing", "Gel Pens"], "options": {"color": ["blue", "black"]}, "price": 11.50, "unit": "BX", "pack_size": 12, "stock": 40}"#,
            #"{"sku": "P-1", "title": "Papyra Copy Paper A4 80gsm", "category": ["Paper", "Copy Paper"], "specs": {"paper_size": "A4", "weight_gsm": 80}, "price": 5.25, "unit": "RM"}"#,
        ]
        let dearLines = [
            #"{"sku": "N-G1", "gtin": "4006381333931", "title": "Scribo Gel Pens Fine, Pack of 12", "brand": "Scribo", "category": ["Writing", "Gel Pens"], "options": {"color": ["blue", "black"]}, "price": 14.00, "unit": "BX", "pack_size": 12, "stock": 400}"#
        ]
        for (vendor, lines) in [(cheap, cheapLines), (dear, dearLines)] {
            let accepted = try await client.execute(
                uri: "/api/v1/catalog/imports?vendor=\(vendor)", method: .post,
                headers: [.authorization: "Bearer \(admin.accessToken)", .contentType: "application/x-ndjson"],
                body: ByteBuffer(string: lines.joined(separator: "\n")))
            let id = try #require(decode(accepted)["id"] as? String)
            let finished = try await CatalogHTTPTests.waitForImport(client, admin, id)
            #expect(finished["status"] as? String == "succeeded")
        }
    }

    /// Polls a request until its status is one of `statuses`.
    static func waitForRequest(
        _ client: any TestClientProtocol, _ session: Session, _ id: String, _ statuses: Set<String>
    ) async throws -> [String: Any] {
        for _ in 0..<400 {
            let body = try await client.execute(uri: "/api/v1/requests/\(id)", method: .get, headers: session.auth) { decode($0) }
            if statuses.contains(body["status"] as? String ?? "") { return body }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("request \(id) did not reach \(statuses)")
        return [:]
    }

    static func submit(_ client: any TestClientProtocol, _ session: Session, _ body: [String: Any]) async throws -> (String, String) {
        try await client.execute(uri: "/api/v1/requests", method: .post, headers: session.auth, body: json(body)) { response in
            #expect(response.status == .created)
            let created = decode(response)
            #expect(created["status"] as? String == "in_progress")
            return (created["id"] as? String ?? "", created["run_id"] as? String ?? "")
        }
    }

    static func events(_ client: any TestClientProtocol, _ session: Session, run: String) async throws -> [[String: Any]] {
        try await client.execute(uri: "/api/v1/runs/\(run)/events", method: .get, headers: session.auth) {
            decode($0)["items"] as? [[String: Any]] ?? []
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aTextRequestRunsThroughEveryStepToAQuote(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            try await Self.stockCatalog(client, admin)
            let (id, run) = try await Self.submit(
                client, admin,
                ["text": "- 2 boxes of black gel pens\n- 10 reams of A4 copy paper", "budget": ["amount": 100, "currency": "USD"]])
            let done = try await Self.waitForRequest(client, admin, id, ["approved", "failed"])
            #expect(done["status"] as? String == "approved")
            let requisition = try #require(done["requisition"] as? [String: Any])
            let lines = requisition["lines"] as? [[String: Any]] ?? []
            #expect(lines.map { $0["quantity"] as? Int } == [2, 10])
            let quote = try #require(done["quote"] as? [String: Any])
            let quoted = quote["lines"] as? [[String: Any]] ?? []
            #expect(quoted.count == 2)
            // The pens come from the cheaper vendor; paper from the only one that sells it.
            #expect(quoted.first?["vendor_name"] as? String == "OfficeHub")
            #expect((quoted.first?["unit_price"] as? NSNumber)?.doubleValue == 11.5)
            #expect((quoted.first?["alternatives"] as? [[String: Any]])?.first?["vendor_name"] as? String == "Northside")
            // 2 × 11.50 + 10 × 5.25 = 75.50 from one vendor: over its free-shipping threshold of 50.
            #expect((quote["items_total"] as? NSNumber)?.doubleValue == 75.5)
            #expect((quote["shipping_total"] as? NSNumber)?.doubleValue == 0)
            #expect((quote["total"] as? NSNumber)?.doubleValue == 75.5)
            #expect((quote["budget_remaining"] as? NSNumber)?.doubleValue == 24.5)

            let runBody = try await client.execute(uri: "/api/v1/runs/\(run)", method: .get, headers: admin.auth) { decode($0) }
            #expect(runBody["status"] as? String == "succeeded")
            let steps = (runBody["steps"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? ""):\($0["status"] ?? "")" }
            #expect(
                steps == [
                    "understand:completed", "search:completed", "optimise:completed", "policy:completed", "approval:completed",
                    "purchase:completed", "logistics:completed", "notify:completed",
                ])
            let events = try await Self.events(client, admin, run: run)
            let types = events.map { $0["type"] as? String ?? "" }
            #expect(types.first == "run.started")
            #expect(types.filter { $0 == "run.finished" }.count == 1)
            #expect(types.contains("run.action") && types.contains("run.observation") && types.contains("run.thought"))
            let search = events.first { $0["type"] as? String == "run.action" && $0["step"] as? String == "search" }
            #expect(((search?["data"] as? [String: Any])?["tool"] as? String) == "catalog.match")

            // Listed, newest first, and filterable by status.
            let listed = try await client.execute(uri: "/api/v1/requests?status=approved", method: .get, headers: admin.auth) {
                decode($0)["items"] as? [[String: Any]] ?? []
            }
            #expect(listed.map { $0["id"] as? String } == [id])
            try await client.execute(uri: "/api/v1/runs/\(run)/cancel", method: .post, headers: admin.auth) {
                expectProblem($0, .conflict)
            }
            try await client.execute(uri: "/api/v1/runs/\(run)/retry", method: .post, headers: admin.auth) {
                expectProblem($0, .conflict)
            }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func aQuestionPausesTheRunUntilItIsAnswered(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            try await Self.stockCatalog(client, admin)
            let (id, run) = try await Self.submit(client, admin, ["text": "blue gel pens"])
            let waiting = try await Self.waitForRequest(client, admin, id, ["needs_clarification", "approved"])
            #expect(waiting["status"] as? String == "needs_clarification")
            let questions = (waiting["requisition"] as? [String: Any])?["questions"] as? [[String: Any]] ?? []
            let question = try #require(questions.first)
            #expect(question["field"] as? String == "quantity")
            let qid = try #require(question["id"] as? String)
            #expect((waiting["run"] as? [String: Any])?["waiting_for"] as? String == "clarification")

            try await client.execute(
                uri: "/api/v1/runs/\(run)/answers", method: .post, headers: admin.auth, body: json(["answers": ["nope": "3"]])
            ) { #expect(fieldNames(expectProblem($0, .unprocessableContent)) == ["answers.nope"]) }
            try await client.execute(
                uri: "/api/v1/runs/\(run)/answers", method: .post, headers: admin.auth, body: json(["answers": [qid: "three-ish"]])
            ) { #expect(fieldNames(expectProblem($0, .unprocessableContent)) == ["answers.\(qid)"]) }
            try await client.execute(
                uri: "/api/v1/runs/\(run)/answers", method: .post, headers: admin.auth, body: json(["answers": [qid: "3"]])
            ) { #expect($0.status == .ok) }
            let done = try await Self.waitForRequest(client, admin, id, ["approved", "failed"])
            #expect(done["status"] as? String == "approved")
            #expect(((done["requisition"] as? [String: Any])?["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 3)
            // Three pens are one box of twelve.
            #expect(((done["quote"] as? [String: Any])?["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 1)
            try await client.execute(
                uri: "/api/v1/runs/\(run)/answers", method: .post, headers: admin.auth, body: json(["answers": [qid: "4"]])
            ) { expectProblem($0, .conflict) }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func cancellingAWaitingRunEndsItOnce(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let (id, run) = try await Self.submit(client, admin, ["text": "staplers"])
            _ = try await Self.waitForRequest(client, admin, id, ["needs_clarification"])
            try await client.execute(uri: "/api/v1/runs/\(run)/cancel", method: .post, headers: admin.auth) { response in
                #expect(response.status == .ok)
                #expect(decode(response)["status"] as? String == "cancelled")
            }
            try await client.execute(uri: "/api/v1/runs/\(run)/cancel", method: .post, headers: admin.auth) { expectProblem($0, .conflict) }
            let body = try await client.execute(uri: "/api/v1/requests/\(id)", method: .get, headers: admin.auth) { decode($0) }
            #expect(body["status"] as? String == "cancelled")
            let types = try await Self.events(client, admin, run: run).map { $0["type"] as? String ?? "" }
            #expect(types.filter { $0 == "run.finished" }.count == 1)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func structuredLinesSkipUnderstandingAndUnmatchedLinesAreExplained(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            try await Self.stockCatalog(client, admin)
            let (id, _) = try await Self.submit(
                client, admin,
                [
                    "lines": [
                        ["description": "gel pens", "quantity": 30, "unit": "BX", "attributes": ["black"]],
                        ["item": "titanium anvil", "quantity": 1],
                    ],
                    "preferences": ["blocked_vendors": ["Northside"]],
                ])
            let done = try await Self.waitForRequest(client, admin, id, ["approved", "failed"])
            let quote = try #require(done["quote"] as? [String: Any])
            // 30 boxes: OfficeHub has 40 in stock; Northside is blocked.
            #expect((quote["lines"] as? [[String: Any]])?.first?["vendor_name"] as? String == "OfficeHub")
            let unfilled = quote["unfilled"] as? [[String: Any]] ?? []
            #expect(unfilled.map { $0["line"] as? Int } == [1])
            #expect((unfilled.first?["reason"] as? String)?.isEmpty == false)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func badRequestsAreRefusedClearly(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let admin = try await signup(client)
            func post(_ body: [String: Any]) async throws -> [String] {
                try await client.execute(uri: "/api/v1/requests", method: .post, headers: admin.auth, body: json(body)) {
                    fieldNames(expectProblem($0, .unprocessableContent))
                }
            }
            #expect(try await post(["text": "   "]) == ["text"])
            #expect(try await post([:]) == ["text"])
            #expect(try await post(["text": "pens", "lines": [["description": "pens", "quantity": 1]]]) == ["lines"])
            #expect(
                Set(try await post(["lines": [["description": "", "quantity": 0, "unit": "XX"]], "need_by": "2001-01-01"]))
                    == ["lines[0].description", "lines[0].quantity", "lines[0].unit", "need_by"])
            #expect(try await post(["text": "pens", "budget": -5]) == ["budget"])
            #expect(try await post(["text": "pens", "settings": ["max_candidates": 99]]) == ["settings.max_candidates"])
            try await client.execute(
                uri: "/api/v1/requests", method: .post, headers: admin.auth, body: json(["text": "pens", "colour": "red"])
            ) { expectProblem($0, .badRequest) }
            try await client.execute(uri: "/api/v1/requests/req_missing", method: .get, headers: admin.auth) {
                expectProblem($0, .notFound)
            }
            try await client.execute(uri: "/api/v1/runs/run_missing/events", method: .get, headers: admin.auth) {
                expectProblem($0, .notFound)
            }
            try await client.execute(uri: "/api/v1/requests?status=done", method: .get, headers: admin.auth) {
                #expect(fieldNames(expectProblem($0, .unprocessableContent)) == ["status"])
            }
            // Another organisation cannot see the request.
            let (id, _) = try await Self.submit(client, admin, ["text": "5 staplers"])
            let other = try await signup(client, organization: "Other", email: "bob@other.test")
            try await client.execute(uri: "/api/v1/requests/\(id)", method: .get, headers: other.auth) { expectProblem($0, .notFound) }

            // Preview: the requisition without a run.
            try await client.execute(
                uri: "/api/v1/requests/parse", method: .post, headers: admin.auth, body: json(["text": "20 reams of A4 paper, 5 staplers"])
            ) { response in
                #expect(response.status == .ok)
                let lines = decode(response)["lines"] as? [[String: Any]] ?? []
                #expect(lines.map { $0["quantity"] as? Int } == [20, 5])
            }
            try await client.execute(uri: "/api/v1/requests/parse", method: .post, headers: admin.auth, body: json(["text": ""])) {
                expectProblem($0, .unprocessableContent)
            }
        }
    }
}
