import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

@Suite struct CatalogHTTPTests {
    static func createVendor(_ client: any TestClientProtocol, _ session: Session, name: String = "OfficeHub") async throws -> String {
        try await client.execute(
            uri: "/api/v1/vendors", method: .post, headers: session.auth,
            body: json(["name": name, "currency": "USD", "shipping_fee": 7.95, "free_shipping_over": 50, "lead_time_days": 2])
        ) { response in
            #expect(response.status == .created)
            let body = decode(response)
            #expect((body["shipping_fee"] as? NSNumber)?.doubleValue == 7.95)
            return body["id"] as? String ?? ""
        }
    }

    static let lines = [
        #"{"sku": "G-1", "title": "Scribo Gel Pens Fine, Pack of 12", "brand": "Scribo", "category": ["Writing", "Gel Pens"], "options": {"color": ["blue", "black"]}, "price": 11.50, "unit": "BX", "pack_size": 12, "stock": 40}"#,
        #"{"sku": "G-2", "title": "Lineo Gel Pens Fine, Pack of 12", "brand": "Lineo", "category": ["Writing", "Gel Pens"], "options": {"color": ["blue"]}, "price": 29.99, "unit": "BX", "pack_size": 12}"#,
        #"{"sku": "BAD", "title": "Broken", "price": "free"}"#,
        #"{"sku": "P-1", "title": "Papyra Copy Paper A4 80gsm", "category": ["Paper", "Copy Paper"], "specs": {"paper_size": "A4", "weight_gsm": 80}, "price": 5.25, "unit": "RM"}"#,
    ]

    /// Polls an import until it is finished.
    static func waitForImport(_ client: any TestClientProtocol, _ session: Session, _ id: String) async throws -> [String: Any] {
        for _ in 0..<200 {
            let body = try await client.execute(uri: "/api/v1/catalog/imports/\(id)", method: .get, headers: session.auth) { decode($0) }
            if ["succeeded", "failed"].contains(body["status"] as? String ?? "") { return body }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("import \(id) did not finish")
        return [:]
    }

    @Test(arguments: TestDatabase.dialects)
    func importThroughTheAPIThenSearchAndMatch(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let vendor = try await Self.createVendor(client, admin)
            let accepted = try await client.execute(
                uri: "/api/v1/catalog/imports?vendor=\(vendor)", method: .post,
                headers: [.authorization: "Bearer \(admin.accessToken)", .contentType: "application/x-ndjson"],
                body: ByteBuffer(string: Self.lines.joined(separator: "\n")))
            #expect(accepted.status == .accepted)
            let id = try #require(decode(accepted)["id"] as? String)
            #expect(["queued", "running", "succeeded"].contains(decode(accepted)["status"] as? String ?? ""))
            let finished = try await Self.waitForImport(client, admin, id)
            #expect(finished["status"] as? String == "succeeded")
            #expect(finished["imported"] as? Int == 3)
            #expect(finished["rejected"] as? Int == 1)
            let report = finished["report"] as? [[String: Any]] ?? []
            #expect(report.contains { $0["row"] as? Int == 3 && $0["field"] as? String == "price" })

            // Search: '+' is a space, spec filters in the query string, facets, best offer per vendor.
            try await client.execute(uri: "/api/v1/search?q=gel+pens&limit=5", method: .get, headers: admin.auth) { response in
                #expect(response.status == .ok)
                let body = decode(response)
                let results = body["results"] as? [[String: Any]] ?? []
                #expect(results.count == 2)
                #expect((results.first?["best_offer"] as? [String: Any])?["vendor"] as? String == "OfficeHub")
                let facets = body["facets"] as? [String: [[String: Any]]] ?? [:]
                #expect(facets["category"]?.first?["value"] as? String == "Writing > Gel Pens")
            }
            try await client.execute(
                uri: "/api/v1/search?q=paper&spec.weight_gsm%3E=80&spec.paper_size=a4", method: .get, headers: admin.auth
            ) {
                response in
                #expect((decode(response)["results"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/search?q=paper&spec.weight_gsm%3E=100", method: .get, headers: admin.auth) { response in
                #expect(decode(response)["total"] as? Int == 0)
            }
            try await client.execute(uri: "/api/v1/search?q=%22NEAR*%3A(&sort=relevance", method: .get, headers: admin.auth) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/search?q=pen&sort=cheapest&min_price=-1", method: .get, headers: admin.auth) {
                response in
                #expect(Set(fieldNames(expectProblem(response, .unprocessableContent))) == ["sort", "min_price"])
            }

            // Match: the contract fields, the colour variant, the price cap.
            try await client.execute(
                uri: "/api/v1/match", method: .post, headers: admin.auth,
                body: json(["text": "black gel pens, fine tip, box of 12, under $15", "limit": 5])
            ) { response in
                #expect(response.status == .ok)
                let body = decode(response)
                let candidates = body["candidates"] as? [[String: Any]] ?? []
                #expect(candidates.count == 1)
                let first = try #require(candidates.first)
                for key in ["product_id", "sku", "title", "vendor", "variant", "unit_price", "currency", "score", "reasons"] {
                    #expect(first[key] != nil, "missing \(key)")
                }
                #expect(first["sku"] as? String == "G-1-BLACK")
                #expect((first["variant"] as? [String: Any])?["options"] as? [String: String] == ["color": "black"])
                #expect((first["unit_price"] as? NSNumber)?.doubleValue == 11.5)
                #expect((body["requirement"] as? [String: Any])?["max_unit_price"] as? Int == 15)
            }
            try await client.execute(uri: "/api/v1/match", method: .post, headers: admin.auth, body: json(["text": "  ", "limit": 500])) {
                #expect(Set(fieldNames(expectProblem($0, .unprocessableContent))) == ["text", "limit"])
            }
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func badImportsAreRefusedClearly(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live, configure: { $0.importMaxBytes = 4_096 }) { client, _ in
            let admin = try await signup(client)
            let vendor = try await Self.createVendor(client, admin)
            let auth = admin.accessToken
            func post(_ query: String, _ type: String, _ body: ByteBuffer) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/catalog/imports\(query)", method: .post, headers: [.authorization: "Bearer \(auth)", .contentType: type],
                    body: body)
            }
            expectProblem(try await post("?vendor=\(vendor)", "application/pdf", ByteBuffer(string: "x")), .unsupportedMediaType)
            expectProblem(try await post("", "text/csv", ByteBuffer(string: "sku\nA")), .unprocessableContent)
            expectProblem(try await post("?vendor=vnd_nope", "text/csv", ByteBuffer(string: "sku\nA")), .notFound)
            expectProblem(try await post("?vendor=\(vendor)", "text/csv", ByteBuffer()), .badRequest)
            expectProblem(try await post("?vendor=\(vendor)", "text/csv", ByteBuffer(repeating: 0x41, count: 5_000)), .contentTooLarge)
            // Broken UTF-8 and a strict import: reported, nothing written.
            var broken = ByteBuffer(string: Self.lines[0] + "\n")
            broken.writeBytes([0x7B, 0x22, 0x73, 0x6B, 0x75, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])
            let strict = try await post("?vendor=\(vendor)&strict=true", "application/x-ndjson", broken)
            #expect(strict.status == .accepted)
            let result = try await Self.waitForImport(client, admin, try #require(decode(strict)["id"] as? String))
            #expect(result["status"] as? String == "failed")
            #expect(result["imported"] as? Int == 0)
            #expect((result["report"] as? [[String: Any]])?.first?["problem"] as? String ?? "" != "")
            try await client.execute(uri: "/api/v1/search?q=gel", method: .get, headers: admin.auth) {
                #expect(decode($0)["total"] as? Int == 0)
            }
            // A buyer-only route refuses a requester.
            let requester = try await addUser(client, admin, email: "r@acme.test", roles: ["requester"])
            expectProblem(
                try await client.execute(uri: "/api/v1/vendors", method: .post, headers: requester.auth, body: json(["name": "X"])),
                .forbidden)
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func productFormCreatesEditsAndValidates(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let admin = try await signup(client)
            let vendor = try await Self.createVendor(client, admin)
            let record: [String: Any] = [
                "sku": "CH-1", "title": "Ergoform Chair", "price": 199, "specs": ["armrests": true, "seat_height_cm": 48],
                "price_breaks": [["min_qty": 5, "price": 189]],
            ]
            let created = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: admin.auth, body: json(["vendor_id": vendor, "record": record]))
            #expect(created.status == .created)
            let product = decode(created)
            let id = try #require(product["id"] as? String)
            #expect((product["specs"] as? [String: Any])?["seat_height_cm"] as? Int == 48)
            var edited = record
            edited["price"] = 179.5
            edited["price_breaks"] = [["min_qty": 5, "price": 169]]
            let updated = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: admin.auth, body: json(["vendor_id": vendor, "record": edited]))
            #expect(updated.status == .ok)
            #expect(decode(updated)["id"] as? String == id)
            try await client.execute(uri: "/api/v1/products/\(id)/price-history", method: .get, headers: admin.auth) { response in
                let items = decode(response)["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { ($0["price"] as? NSNumber)?.doubleValue } == [179.5, 199])
            }
            var bad = record
            bad["price"] = -1
            bad["currency"] = "ZZZ"
            let refused = try await client.execute(
                uri: "/api/v1/products", method: .post, headers: admin.auth, body: json(["vendor_id": vendor, "record": bad]))
            #expect(Set(fieldNames(expectProblem(refused, .unprocessableContent))) == ["price", "currency"])
            try await client.execute(uri: "/api/v1/products/\(id)", method: .get, headers: admin.auth) { response in
                let offers = ((decode(response)["variants"] as? [[String: Any]])?.first?["offers"] as? [[String: Any]]) ?? []
                #expect((offers.first?["unit_price"] as? NSNumber)?.doubleValue == 179.5)
            }
            // Another organisation cannot see it.
            let other = try await signup(client, organization: "Other", email: "o@other.test")
            expectProblem(try await client.execute(uri: "/api/v1/products/\(id)", method: .get, headers: other.auth), .notFound)
            expectProblem(try await client.execute(uri: "/api/v1/vendors/\(vendor)", method: .get, headers: other.auth), .notFound)
            // Vendors: duplicate names and bad fields.
            expectProblem(
                try await client.execute(uri: "/api/v1/vendors", method: .post, headers: admin.auth, body: json(["name": "officehub"])),
                .conflict)
            let invalid = try await client.execute(
                uri: "/api/v1/vendors", method: .post, headers: admin.auth,
                body: json(["name": "", "currency": "ABC", "reliability": 2, "shipping_fee": -1]))
            #expect(Set(fieldNames(expectProblem(invalid, .unprocessableContent))) == ["name", "currency", "reliability", "shipping_fee"])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func feedsPullFilesAndSynonymsAreConfigurable(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let vendor = try await Self.createVendor(client, admin)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).jsonl").path
            try Self.lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let feed = try await client.execute(
                uri: "/api/v1/vendors/\(vendor)/feed", method: .put, headers: admin.auth,
                body: json(["url": path, "price_alert_percent": 5]))
            #expect(feed.status == .ok)
            #expect(decode(feed)["interval_minutes"] as? Int == 60)
            let run = try await client.execute(uri: "/api/v1/vendors/\(vendor)/feed/run", method: .post, headers: admin.auth)
            #expect(run.status == .accepted)
            let result = try await Self.waitForImport(client, admin, try #require(decode(run)["id"] as? String))
            #expect(result["imported"] as? Int == 3)
            #expect(result["source"] as? String == "feed")
            let badFeed = try await client.execute(
                uri: "/api/v1/vendors/\(vendor)/feed", method: .put, headers: admin.auth,
                body: json(["url": "ftp://x", "interval_minutes": 1]))
            #expect(Set(fieldNames(expectProblem(badFeed, .unprocessableContent))) == ["url", "interval_minutes"])

            let synonyms = try await client.execute(
                uri: "/api/v1/search/synonyms", method: .put, headers: admin.auth, body: json(["rules": ["scribble stick => gel pens"]]))
            #expect(synonyms.status == .ok)
            try await client.execute(uri: "/api/v1/search?q=scribble+stick", method: .get, headers: admin.auth) { response in
                #expect(decode(response)["total"] as? Int == 2)
            }
            expectProblem(
                try await client.execute(
                    uri: "/api/v1/search/synonyms", method: .put, headers: admin.auth, body: json(["rules": ["no arrow"]])),
                .unprocessableContent)
        }
    }
}
