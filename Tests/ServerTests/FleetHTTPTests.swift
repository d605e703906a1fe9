import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartermasterServer
import QuartermasterStore
import QuartermasterTestSupport
import Testing

/// Vehicles, availability, transport prices and bookings as a logistics manager uses them.
@Suite struct FleetHTTPTests {
    static func vehicle(
        _ name: String, length: Double, width: Double, height: Double, payload: Double, fixed: Double, perKm: Double, perHour: Double
    ) -> [String: Any] {
        [
            "name": name, "type": name.hasPrefix("Van") ? "van" : "box_truck",
            "cargo_space": ["length_cm": length, "width_cm": width, "height_cm": height], "max_payload_kg": payload, "currency": "USD",
            "fixed_cost": fixed, "cost_per_km": perKm, "cost_per_hour": perHour, "average_speed_kmh": 50,
            "depot": ["latitude": 38.7223, "longitude": -9.1393], "capabilities": ["tail_lift"],
        ]
    }

    static func cartons(_ quantity: Int, weight: Double = 20) -> [String: Any] {
        ["items": [["id": "carton", "length": 60, "width": 40, "height": 40, "weight": weight, "quantity": quantity]]]
    }

    static var trip: [String: Any] { ["distance_km": 42.5, "loading_minutes": 15, "unloading_minutes": 15] }

    static func book(
        _ client: any TestClientProtocol, _ admin: Session, key: String?, _ body: [String: Any]
    ) async throws -> TestResponse {
        var headers = admin.auth
        if let key { headers[.init("Idempotency-Key")!] = key }
        return try await client.execute(uri: "/api/v1/bookings", method: .post, headers: headers, body: json(body))
    }

    static func amount(_ money: Any?) -> Double? { (money as? [String: Any])?["amount"] as? Double }

    @Test(arguments: TestDatabase.dialects)
    func vehiclesArePricedChosenAndBookedOncePerDay(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let admin = try await signup(client)
            func post(_ uri: String, _ body: [String: Any]) async throws -> TestResponse {
                try await ApprovalHTTPTests.post(client, admin, uri, body)
            }
            func get(_ uri: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: admin.auth)
            }

            // Vehicles: checked, then listed.
            var bad = Self.vehicle("Van 1", length: -1, width: 170, height: 180, payload: 1_000, fixed: 25, perKm: 0.45, perHour: 30)
            bad["depot"] = ["latitude": 123, "longitude": 0]
            let refused = expectProblem(try await post("/api/v1/vehicles", bad), .unprocessableContent)
            #expect(fieldNames(refused).contains { $0.hasPrefix("cargo_space") })
            #expect(fieldNames(refused).contains { $0.hasPrefix("depot") })
            expectProblem(try await post("/api/v1/vehicles", ["name": "Van"]), .badRequest)
            let van = decode(
                try await post(
                    "/api/v1/vehicles",
                    Self.vehicle("Van 1", length: 300, width: 170, height: 180, payload: 1_000, fixed: 25, perKm: 0.45, perHour: 30)))
            let vanID = try #require(van["id"] as? String)
            let truck = decode(
                try await post(
                    "/api/v1/vehicles",
                    Self.vehicle("Truck 1", length: 600, width: 240, height: 240, payload: 5_000, fixed: 90, perKm: 0.9, perHour: 45)))
            let truckID = try #require(truck["id"] as? String)
            #expect((decode(try await get("/api/v1/vehicles"))["items"] as? [[String: Any]])?.count == 2)

            // A price worked out by hand: 25 + 42.5 km × 0.45 + (0.85 h + 0.5 h) × 30 = 84.625 → 84.62.
            let priced = decode(try await post("/api/v1/bookings/calculate-price", ["vehicle_id": vanID, "trip": Self.trip]))
            #expect(Self.amount((priced["price"] as? [String: Any])?["total"]) == 84.62)
            expectProblem(try await post("/api/v1/bookings/calculate-price", ["vehicle_id": vanID]), .unprocessableContent)

            // Choosing: the van takes 400 kg; 1,200 kg needs the truck; 12,000 kg fits nothing.
            let date = "2026-12-01"
            let light = decode(
                try await post("/api/v1/bookings/calculate-price", ["date": date, "trip": Self.trip, "load": Self.cartons(20)]))
            #expect((light["vehicles"] as? [[String: Any]])?.map { $0["vehicle_id"] as? String } == [vanID])
            #expect((light["vehicles"] as? [[String: Any]])?.first?["box_count"] as? Int == 20)
            let heavy = decode(
                try await post("/api/v1/bookings/calculate-price", ["date": date, "trip": Self.trip, "load": Self.cartons(60)]))
            #expect((heavy["vehicles"] as? [[String: Any]])?.map { $0["vehicle_id"] as? String } == [truckID])
            expectProblem(
                try await post("/api/v1/bookings/calculate-price", ["date": date, "trip": Self.trip, "load": Self.cartons(600)]), .conflict)
            expectProblem(
                try await post("/api/v1/bookings/calculate-price", ["date": "someday", "trip": Self.trip, "load": Self.cartons(1)]),
                .unprocessableContent)
            expectProblem(
                try await post("/api/v1/bookings/calculate-price", ["date": date, "trip": Self.trip, "load": Self.cartons(10_001)]),
                .unprocessableContent)
            let pack = try await post(
                "/api/v1/logistics/pack",
                [
                    "container": ["length": 100, "width": 100, "height": 100],
                    "items": [["id": "a", "length": 50, "width": 50, "height": 50, "quantity": 9]],
                ])
            #expect(pack.status == .ok)
            #expect((decode(pack)["unpacked"] as? [[String: Any]])?.first?["quantity"] as? Int == 1)

            // Booking: needs a key; the same key gives the same booking.
            let request: [String: Any] = ["date": date, "trip": Self.trip, "load": Self.cartons(20)]
            expectProblem(try await Self.book(client, admin, key: nil, request), .unprocessableContent)
            let first = try await Self.book(client, admin, key: "b-1", request)
            #expect(first.status == .created)
            let booking = decode(first)
            let bookingID = try #require(booking["id"] as? String)
            #expect(booking["status"] as? String == "booked")
            #expect((booking["vehicles"] as? [[String: Any]])?.first?["vehicle_id"] as? String == vanID)
            // The van is taken that day: the next booking gets the truck, the one after nothing.
            let second = decode(try await Self.book(client, admin, key: "b-2", request))
            #expect((second["vehicles"] as? [[String: Any]])?.first?["vehicle_id"] as? String == truckID)
            expectProblem(try await Self.book(client, admin, key: "b-3", request), .conflict)
            let day = decode(try await get("/api/v1/vehicles/available?date=\(date)"))
            #expect((day["available"] as? [Any])?.isEmpty == true)
            #expect(Set((day["unavailable"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []) == ["booked"])
            expectProblem(try await get("/api/v1/vehicles/available"), .unprocessableContent)
            #expect((decode(try await get("/api/v1/vehicles/available?date=2026-12-02"))["available"] as? [Any])?.count == 2)

            // Status: booked → dispatched → delivered; impossible moves refused; cancelling frees the day.
            func patch(_ id: String, _ body: [String: Any]) async throws -> TestResponse {
                try await client.execute(uri: "/api/v1/bookings/\(id)/status", method: .patch, headers: admin.auth, body: json(body))
            }
            expectProblem(try await patch(bookingID, ["status": "delivered"]), .conflict)
            expectProblem(try await patch(bookingID, ["status": "lost"]), .unprocessableContent)
            #expect(decode(try await patch(bookingID, ["status": "dispatched"]))["status"] as? String == "dispatched")
            #expect(decode(try await patch(bookingID, ["status": "dispatched"]))["status"] as? String == "dispatched")  // again: no change
            #expect(decode(try await patch(bookingID, ["status": "delivered"]))["status"] as? String == "delivered")
            expectProblem(try await patch(bookingID, ["status": "cancelled", "reason": "too late"]), .conflict)
            let secondID = try #require(second["id"] as? String)
            expectProblem(try await patch(secondID, ["status": "cancelled"]), .unprocessableContent)
            #expect(
                decode(try await patch(secondID, ["status": "cancelled", "reason": "receiver closed"]))["status"] as? String == "cancelled")
            let freed = decode(try await get("/api/v1/vehicles/available?date=\(date)"))
            #expect((freed["available"] as? [[String: Any]])?.map { $0["id"] as? String } == [truckID])
            expectProblem(try await patch("bkg_nope", ["status": "dispatched"]), .notFound)
            let read = decode(try await get("/api/v1/bookings/\(bookingID)"))
            #expect((read["state"] as? [String: Any])?["delivered_at"] != nil)
            #expect(read["next_statuses"] as? [String] == [])
        }
    }

    @Test(arguments: TestDatabase.dialects)
    func concurrentBookingsNeverShareAVehiclesDay(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect) { client, _ in
            let admin = try await signup(client)
            for index in 1...2 {
                let created = try await ApprovalHTTPTests.post(
                    client, admin, "/api/v1/vehicles",
                    Self.vehicle("Van \(index)", length: 300, width: 170, height: 180, payload: 1_000, fixed: 25, perKm: 0.45, perHour: 30))
                #expect(created.status == .created)
            }
            let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let request: [String: Any] = ["date": "2026-12-03", "trip": Self.trip, "load": Self.cartons(10)]
                        let response = try await Self.book(client, admin, key: "race-\(index)", request)
                        let vehicle = (decode(response)["vehicles"] as? [[String: Any]])?.first?["vehicle_id"] as? String
                        return (Int(response.status.code), vehicle)
                    }
                }
                return try await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
            }
            let booked = statuses.filter { $0.0 == 201 }
            #expect(booked.count == 2)
            #expect(Set(booked.compactMap(\.1)).count == 2)
            #expect(statuses.filter { $0.0 == 409 }.count == 10)
        }
    }
}

/// The agent's logistics step: the approved load booked on the fleet, each sub-step logged.
@Suite struct LogisticsStepHTTPTests {
    @Test(arguments: TestDatabase.dialects)
    func theAgentBooksAVehicleForAnApprovedRequestOnce(_ dialect: DatabaseDialect) async throws {
        try await withApp(dialect, testing: .live) { client, _ in
            let admin = try await signup(client)
            let van = try await ApprovalHTTPTests.post(
                client, admin, "/api/v1/vehicles",
                FleetHTTPTests.vehicle("Van 1", length: 300, width: 170, height: 180, payload: 1_000, fixed: 25, perKm: 0.45, perHour: 30))
            let vanID = try #require(decode(van)["id"] as? String)
            let (orderID, _) = try await PurchaseOrderHTTPTests.issuedOrder(client, admin, issue: false)
            let order = decode(try await client.execute(uri: "/api/v1/purchase-orders/\(orderID)", method: .get, headers: admin.auth))
            let requestID = try #require(order["request_id"] as? String)
            let request = decode(try await client.execute(uri: "/api/v1/requests/\(requestID)", method: .get, headers: admin.auth))
            let runID = try #require((request["run"] as? [String: Any])?["id"] as? String)
            var run: [String: Any] = [:]
            for _ in 0..<400 {
                run = decode(try await client.execute(uri: "/api/v1/runs/\(runID)", method: .get, headers: admin.auth))
                if run["status"] as? String == "succeeded" { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(run["status"] as? String == "succeeded")
            let texts = try await ModelHTTPTests.logTexts(client, admin, run: runID)
            // Analyse (the imported paper has no package sizes: estimated), pack, book.
            #expect(texts.contains { $0.contains("20 package(s)") && $0.contains("estimated from the category") })
            #expect(texts.contains { $0.contains("Van 1 take it") })
            #expect(texts.contains { $0.hasPrefix("Booked as ") })
            let events = try await AgentHTTPTests.events(client, admin, run: runID)
            let tools = events.filter { $0["step"] as? String == "logistics" && $0["type"] as? String == "run.action" }
                .compactMap { ($0["data"] as? [String: Any])?["tool"] as? String }
            #expect(tools == ["logistics.analyse", "logistics.cartonise", "logistics.pack", "logistics.book"])
            #expect(texts.contains { $0.contains("carton(s)") && $0.contains("gross") })
            let bookings =
                decode(try await client.execute(uri: "/api/v1/bookings", method: .get, headers: admin.auth))["items"]
                as? [[String: Any]] ?? []
            #expect(bookings.count == 1)
            #expect((bookings.first?["vehicles"] as? [[String: Any]])?.first?["vehicle_id"] as? String == vanID)
            #expect((bookings.first?["layouts"] as? [[String: Any]])?.first?["boxes"] as? [Any] != nil)
        }
    }
}
