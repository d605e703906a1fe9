// The JSON contract of `quartermaster optimize --input basket.json`.
//
// Input:  {"items": [{"sku", "qty"}],
//          "vendors": [{"id", "shipping_fee"?, "free_shipping_over"?, "min_order_value"?}],
//          "offers": [{"vendor", "sku", "unit_price", "stock"?, "moq"?, "order_multiple"?, "lead_time_days"?,
//                      "price_breaks"?: [{"min_qty", "unit_price"}]}],
//          "budget"?, "need_by_days"?, "blocked_vendors"?: [], "max_vendors"?, "preferred_vendors"?: [],
//          "preferred_bonus"?, "allow_split"?, "time_limit_seconds"?}
// Output: {"status": "optimal" | "feasible" | "infeasible", "total", "lower_bound",
//          "assignment": [{"sku", "vendor", "qty", "unit_price", "line_total", "lead_time_days"}],
//          "shipping": [{"vendor", "fee", "subtotal"}], "seconds",
//          "objective", "gap", "vendors_used", "delivery_days", "infeasible": [{"sku", "reason"}],
//          "explanations": [{"sku", "chosen", "chosen_cost", "runner_up", "runner_up_cost", "cost_difference"}],
//          "savings": {...}, "nodes"}
//
// Decoding is strict: money is read as exact decimals (at most four places), counts as whole numbers, and
// a wrong or missing required value throws a `BasketInputError` naming the field. `null` counts as absent
// for optional fields. Defaults: shipping fee 0, moq 1, order multiple 1, lead time 0, stock unlimited,
// allow_split true, preferred_bonus 0, time limit 2 s. Money in the output is exact decimal text
// written as JSON numbers; `infeasible[].sku` is null for a reason about the whole basket (over budget,
// no plan meets the minimum order values / max_vendors).

public enum BasketWire {
    /// Parses the request bytes.
    public static func decode(_ bytes: some Collection<UInt8>) throws(BasketInputError) -> (BasketProblem, BasketOptions) {
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            throw BasketInputError(field: "input", message: "not valid JSON: \(error)")
        }
        return try problem(from: json)
    }

    /// Reads the request from a parsed JSON value.
    public static func problem(from json: JSONValue) throws(BasketInputError) -> (BasketProblem, BasketOptions) {
        guard case .object = json else { throw BasketInputError(field: "input", message: "expected an object, got \(json.typeName)") }
        var items: [BasketItem] = []
        for (index, raw) in try array(json, "items", "", required: true).enumerated() {
            let field = "items[\(index)]"
            items.append(BasketItem(sku: try string(raw, "sku", field), quantity: try integer(raw, "qty", field, required: true)!))
        }
        var vendors: [BasketVendor] = []
        for (index, raw) in try array(json, "vendors", "", required: true).enumerated() {
            let field = "vendors[\(index)]"
            vendors.append(
                BasketVendor(
                    id: try string(raw, "id", field), shippingFee: try money(raw, "shipping_fee", field) ?? .zero,
                    freeShippingOver: try money(raw, "free_shipping_over", field), minOrderValue: try money(raw, "min_order_value", field)))
        }
        var offers: [BasketOffer] = []
        for (index, raw) in try array(json, "offers", "", required: true).enumerated() {
            let field = "offers[\(index)]"
            guard let price = try money(raw, "unit_price", field) else {
                throw BasketInputError(field: "\(field).unit_price", message: "required")
            }
            var breaks: [BasketPriceBreak] = []
            for (b, rawBreak) in try array(raw, "price_breaks", field, required: false).enumerated() {
                let breakField = "\(field).price_breaks[\(b)]"
                guard let breakPrice = try money(rawBreak, "unit_price", breakField) else {
                    throw BasketInputError(field: "\(breakField).unit_price", message: "required")
                }
                breaks.append(
                    BasketPriceBreak(minQuantity: try integer(rawBreak, "min_qty", breakField, required: true)!, unitPrice: breakPrice))
            }
            offers.append(
                BasketOffer(
                    vendor: try string(raw, "vendor", field), sku: try string(raw, "sku", field), unitPrice: price,
                    stock: try integer(raw, "stock", field), moq: try integer(raw, "moq", field) ?? 1,
                    orderMultiple: try integer(raw, "order_multiple", field) ?? 1,
                    leadTimeDays: try integer(raw, "lead_time_days", field) ?? 0,
                    priceBreaks: breaks))
        }
        var problem = BasketProblem(items: items, vendors: vendors, offers: offers)
        problem.budget = try money(json, "budget", "")
        problem.needByDays = try integer(json, "need_by_days", "")
        problem.blockedVendors = try strings(json, "blocked_vendors")
        problem.preferredVendors = try strings(json, "preferred_vendors")
        problem.preferredBonus = try money(json, "preferred_bonus", "") ?? .zero
        problem.maxVendors = try integer(json, "max_vendors", "")
        if let value = json["allow_split"], value != .null {
            guard case .bool(let flag) = value else {
                throw BasketInputError(field: "allow_split", message: "expected a boolean, got \(value.typeName)")
            }
            problem.allowSplit = flag
        }
        var options = BasketOptions()
        if let value = json["time_limit_seconds"], value != .null {
            guard case .number(let text) = value, let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
                throw BasketInputError(field: "time_limit_seconds", message: "expected a non-negative number")
            }
            options.timeLimitSeconds = min(seconds, 3600)
        }
        try problem.validate()
        return (problem, options)
    }

    /// Decode → solve → the response value. Bad input yields `errorOutput`.
    public static func optimize(_ bytes: some Collection<UInt8>) -> (output: JSONValue, ok: Bool) {
        do {
            let (problem, options) = try decode(bytes)
            return (output(try BasketOptimizer.solve(problem, options: options)), true)
        } catch {
            return (errorOutput(error), false)
        }
    }

    public static func errorOutput(_ error: BasketInputError) -> JSONValue {
        .object([JSONMember("error", .object([JSONMember("field", .string(error.field)), JSONMember("message", .string(error.message))]))])
    }

    /// The response for a plan.
    public static func output(_ plan: BasketPlan) -> JSONValue {
        func number(_ value: FixedDecimal) -> JSONValue { .number(value.text()) }
        func optionalNumber(_ value: FixedDecimal?) -> JSONValue { value.map(number) ?? .null }
        func optionalString(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        var members: [JSONMember] = [
            JSONMember("status", .string(plan.status.rawValue)),
            JSONMember("total", number(plan.total)),
            JSONMember("lower_bound", number(plan.lowerBound)),
            JSONMember("objective", number(plan.objective)),
            JSONMember("gap", .number(format6(plan.gap))),
            JSONMember(
                "assignment",
                .array(
                    plan.lines.map { line in
                        .object([
                            JSONMember("sku", .string(line.sku)), JSONMember("vendor", .string(line.vendor)),
                            JSONMember("qty", .number(String(line.quantity))), JSONMember("unit_price", number(line.unitPrice)),
                            JSONMember("line_total", number(line.lineTotal)),
                            JSONMember("lead_time_days", .number(String(line.leadTimeDays))),
                        ])
                    })),
            JSONMember(
                "shipping",
                .array(
                    plan.shipping.map { entry in
                        .object([
                            JSONMember("vendor", .string(entry.vendor)), JSONMember("fee", number(entry.fee)),
                            JSONMember("subtotal", number(entry.subtotal)),
                        ])
                    })),
            JSONMember("vendors_used", .array(plan.vendorsUsed.map { .string($0) })),
            JSONMember("delivery_days", plan.deliveryDays.map { .number(String($0)) } ?? .null),
            JSONMember(
                "infeasible",
                .array(
                    plan.infeasible.map { entry in
                        .object([JSONMember("sku", optionalString(entry.sku)), JSONMember("reason", .string(entry.reason))])
                    })),
            JSONMember(
                "explanations",
                .array(
                    plan.explanations.map { entry in
                        .object([
                            JSONMember("sku", .string(entry.sku)), JSONMember("chosen", .string(entry.chosen)),
                            JSONMember("chosen_cost", number(entry.chosenCost)), JSONMember("runner_up", optionalString(entry.runnerUp)),
                            JSONMember("runner_up_cost", optionalNumber(entry.runnerUpCost)),
                            JSONMember("cost_difference", optionalNumber(entry.costDifference)),
                        ])
                    })),
        ]
        if let savings = plan.savings {
            members.append(
                JSONMember(
                    "savings",
                    .object([
                        JSONMember("cheapest_per_line_total", optionalNumber(savings.cheapestPerLineTotal)),
                        JSONMember("versus_cheapest_per_line", optionalNumber(savings.versusCheapestPerLine)),
                        JSONMember("best_single_vendor", optionalString(savings.bestSingleVendor)),
                        JSONMember("best_single_vendor_total", optionalNumber(savings.bestSingleVendorTotal)),
                        JSONMember("versus_best_single_vendor", optionalNumber(savings.versusBestSingleVendor)),
                    ])))
        }
        members.append(JSONMember("nodes", .number(String(plan.nodes))))
        members.append(JSONMember("seconds", .number(format6(plan.seconds))))
        return .object(members)
    }

    /// A non-negative double as plain decimal text with six places (JSON has no exponent-free guarantee
    /// from `description`).
    static func format6(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0" }
        let micros = Int64((min(value, 1e9) * 1_000_000).rounded())
        let whole = micros / 1_000_000
        var fraction = String(micros % 1_000_000).leftPadded(to: 6)
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }

    // MARK: - Field readers

    static func member(_ object: JSONValue, _ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    static func path(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

    static func array(_ object: JSONValue, _ key: String, _ parent: String, required: Bool) throws(BasketInputError) -> [JSONValue] {
        guard let value = member(object, key) else {
            if required { throw BasketInputError(field: path(parent, key), message: "required") }
            return []
        }
        guard case .array(let values) = value else {
            throw BasketInputError(field: path(parent, key), message: "expected an array, got \(value.typeName)")
        }
        for (index, element) in values.enumerated() where key != "blocked_vendors" && key != "preferred_vendors" {
            guard case .object = element else {
                throw BasketInputError(field: "\(path(parent, key))[\(index)]", message: "expected an object, got \(element.typeName)")
            }
        }
        return values
    }

    static func strings(_ object: JSONValue, _ key: String) throws(BasketInputError) -> [String] {
        var result: [String] = []
        for (index, value) in try array(object, key, "", required: false).enumerated() {
            guard case .string(let text) = value else {
                throw BasketInputError(field: "\(key)[\(index)]", message: "expected a string, got \(value.typeName)")
            }
            result.append(text)
        }
        return result
    }

    static func string(_ object: JSONValue, _ key: String, _ parent: String) throws(BasketInputError) -> String {
        guard let value = member(object, key) else { throw BasketInputError(field: path(parent, key), message: "required") }
        guard case .string(let text) = value else {
            throw BasketInputError(field: path(parent, key), message: "expected a string, got \(value.typeName)")
        }
        return text
    }

    static func money(_ object: JSONValue, _ key: String, _ parent: String) throws(BasketInputError) -> FixedDecimal? {
        guard let value = member(object, key) else { return nil }
        guard case .number(let text) = value else {
            throw BasketInputError(field: path(parent, key), message: "expected a number, got \(value.typeName)")
        }
        guard let amount = FixedDecimal(parsing: text) else {
            throw BasketInputError(field: path(parent, key), message: "\(text) is not an exact amount with at most four decimals")
        }
        return amount
    }

    static func integer(_ object: JSONValue, _ key: String, _ parent: String, required: Bool = false) throws(BasketInputError) -> Int? {
        guard let value = member(object, key) else {
            if required { throw BasketInputError(field: path(parent, key), message: "required") }
            return nil
        }
        guard case .number(let text) = value else {
            throw BasketInputError(field: path(parent, key), message: "expected a number, got \(value.typeName)")
        }
        guard let amount = FixedDecimal(parsing: text), amount.units % FixedDecimal.scale == 0 else {
            throw BasketInputError(field: path(parent, key), message: "\(text) is not a whole number")
        }
        return Int(amount.units / FixedDecimal.scale)
    }
}
