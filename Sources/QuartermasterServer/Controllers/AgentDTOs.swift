import Foundation
import Hummingbird
import QuartermasterCore
import QuartermasterStore

/// A budget written as a number (in the organisation's currency) or `{"amount", "currency"}`.
struct BudgetInput: Decodable, Sendable {
    let amount: FixedDecimal
    let currency: String?

    private enum Keys: String, CodingKey { case amount, currency }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Keys.self) {
            amount = try container.decode(FixedDecimal.self, forKey: .amount)
            currency = try container.decodeIfPresent(String.self, forKey: .currency)
        } else {
            amount = try decoder.singleValueContainer().decode(FixedDecimal.self)
            currency = nil
        }
    }
}

struct RequestLineInput: StrictDecodable {
    static let fields: Set<String> = ["description", "item", "quantity", "unit", "pack_size", "attributes", "max_unit_price"]
    let description: String?
    let item: String?
    let quantity: Int?
    let unit: String?
    let pack_size: Int?
    let attributes: [String]?
    let max_unit_price: FixedDecimal?
}

struct PreferencesInput: StrictDecodable {
    static let fields: Set<String> = ["preferred_vendors", "blocked_vendors", "brands", "eco"]
    let preferred_vendors: [String]?
    let blocked_vendors: [String]?
    let brands: [String]?
    let eco: Bool?
}

struct SettingsInput: StrictDecodable {
    static let fields: Set<String> = ["target_vendors", "max_candidates", "negotiation"]
    let target_vendors: [String]?
    let max_candidates: Int?
    let negotiation: Bool?
}

struct CreateRequestInput: StrictDecodable {
    static let fields: Set<String> = [
        "text", "lines", "need_by", "deliver_to", "cost_centre", "budget", "currency", "preferences", "settings",
    ]
    let text: String?
    let lines: [RequestLineInput]?
    let need_by: String?
    let deliver_to: String?
    let cost_centre: String?
    let budget: BudgetInput?
    let currency: String?
    let preferences: PreferencesInput?
    let settings: SettingsInput?

    static let maxTextCharacters = 1_000_000

    /// Checks everything and returns the text (if any) and the requisition template (structured
    /// lines, if any, and the options); every problem is reported at once.
    func validated(today: LocalDate) throws -> (text: String?, template: Requisition) {
        var validator = Validator()
        var text: String?
        if let raw = self.text {
            let trimmed = raw.trimmingWhitespace()
            if trimmed.isEmpty { validator.fail("text", "must not be empty") }
            if raw.count > Self.maxTextCharacters { validator.fail("text", "must be at most \(Self.maxTextCharacters) characters") }
            text = trimmed
        }
        var lines: [RequisitionLine] = []
        if let inputLines = self.lines {
            if text != nil { validator.fail("lines", "give either text or lines, not both") }
            if inputLines.isEmpty || inputLines.count > 200 { validator.fail("lines", "must have 1 to 200 lines") }
            for (index, input) in inputLines.prefix(200).enumerated() {
                let field = "lines[\(index)]"
                let description = validator.text("\(field).description", input.description ?? input.item, maxLength: 500)
                let quantity = input.quantity ?? 0
                if !(1...1_000_000).contains(quantity) { validator.fail("\(field).quantity", "must be a whole number from 1 to 1000000") }
                var unit = UnitOfMeasure.each
                if let raw = input.unit {
                    if let known = UnitOfMeasure(raw) { unit = known } else { validator.fail("\(field).unit", "unknown unit '\(raw)'") }
                }
                if let pack = input.pack_size, !(1...100_000).contains(pack) {
                    validator.fail("\(field).pack_size", "must be from 1 to 100000")
                }
                if let cap = input.max_unit_price, cap <= .zero { validator.fail("\(field).max_unit_price", "must be positive") }
                lines.append(
                    RequisitionLine(
                        description: description, quantity: quantity, unit: unit.code, packSize: input.pack_size,
                        attributes: (input.attributes ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty },
                        maxUnitPrice: input.max_unit_price))
            }
        }
        if text == nil && self.lines == nil { validator.fail("text", "give the request as text or as lines") }
        var needBy: String?
        if let raw = need_by {
            if let date = LocalDate(iso: raw) {
                if date < today { validator.fail("need_by", "is in the past") }
                needBy = date.description
            } else {
                validator.fail("need_by", "must be a date YYYY-MM-DD")
            }
        }
        var budgetMoney: Money?
        if let budget {
            let code = budget.currency ?? currency ?? "USD"
            if budget.amount <= .zero { validator.fail("budget", "must be positive") }
            if let currency = CurrencyCode(code.uppercased()) {
                budgetMoney = Money(budget.amount, currency)
            } else {
                validator.fail("budget.currency", "unknown currency '\(code)'")
            }
        }
        let maxCandidates = settings?.max_candidates ?? 5
        if !(1...20).contains(maxCandidates) { validator.fail("settings.max_candidates", "must be from 1 to 20") }
        let deliverTo = deliver_to.map { validator.text("deliver_to", $0, maxLength: 500) }
        let costCentre = cost_centre.map { validator.text("cost_centre", $0, maxLength: 100) }
        try validator.check()
        let template = Requisition(
            lines: lines, budget: budgetMoney, needBy: needBy, deliverTo: deliverTo, costCentre: costCentre,
            preferences: Requisition.Preferences(
                preferredVendors: preferences?.preferred_vendors ?? [], blockedVendors: preferences?.blocked_vendors ?? [],
                brands: preferences?.brands ?? [], eco: preferences?.eco ?? false),
            settings: Requisition.Settings(
                targetVendors: settings?.target_vendors ?? [], maxCandidates: maxCandidates, negotiation: settings?.negotiation ?? false))
        return (text, template)
    }
}

struct ParseRequestInput: StrictDecodable {
    static let fields: Set<String> = ["text"]
    let text: String?
}

struct AnswersInput: StrictDecodable {
    static let fields: Set<String> = ["answers"]
    let answers: [String: String]?
}

/// The requisition as the top-level answer (no wrapper object).
struct RequisitionDTO: ResponseEncodable {
    let requisition: Requisition
    func encode(to encoder: any Encoder) throws { try requisition.encode(to: encoder) }
}

struct CreatedRequestDTO: ResponseEncodable {
    let id: String
    let run_id: String
    let status: String
}

struct StepDTO: Codable, Sendable {
    let name: String
    let status: String
    let attempts: Int
    let started_at: String?
    let finished_at: String?
    let duration_ms: Int64?
    let error: String?
    let output: JSONValue?

    init(_ step: StepRecord, withOutput: Bool) {
        name = step.name.rawValue
        status = step.status.rawValue
        attempts = step.attempts
        started_at = step.startedAt.map(Instant.iso8601)
        finished_at = step.finishedAt.map(Instant.iso8601)
        duration_ms = step.durationMilliseconds
        error = step.error
        output = withOutput ? step.output.flatMap { try? JSONReader.parse($0) } : nil
    }
}

struct RunDTO: ResponseEncodable {
    let id: String
    let request_id: String
    let status: String
    let step: String
    let waiting_for: String?
    let generation: Int
    let error: String?
    let created_at: String
    let updated_at: String
    let finished_at: String?
    let steps: [StepDTO]

    init(_ run: RunRecord, withOutputs: Bool = false) {
        id = run.id
        request_id = run.requestID
        status = run.status.rawValue
        step = run.step.rawValue
        waiting_for = run.waitingFor
        generation = run.generation
        error = run.error
        created_at = Instant.iso8601(run.createdAt)
        updated_at = Instant.iso8601(run.updatedAt)
        finished_at = run.finishedAt.map(Instant.iso8601)
        steps = run.steps.map { StepDTO($0, withOutput: withOutputs) }
    }
}

struct RequestDTO: ResponseEncodable {
    let id: String
    let title: String
    let text: String?
    let status: String
    let created_by: String?
    let requisition: Requisition?
    let quote: Quote?
    let run_id: String
    let run: RunDTO?
    let created_at: String
    let updated_at: String

    init(_ record: RequestRecord, run: RunRecord?) {
        id = record.id
        title = record.title
        text = record.text.map { $0.count > 20_000 ? String($0.prefix(20_000)) + "…" : $0 }
        status = record.status
        created_by = record.createdBy
        requisition = record.requisition
        quote = record.quote
        run_id = record.runID
        self.run = run.map { RunDTO($0) }
        created_at = Instant.iso8601(record.createdAt)
        updated_at = Instant.iso8601(record.updatedAt)
    }
}

struct RunEventDTO: Codable, Sendable {
    let id: Int64
    let type: String
    let step: String
    let data: JSONValue
    let created_at: String

    init(_ event: DomainEvent) {
        id = event.id
        type = event.type
        step = event.subject
        data = (try? JSONReader.parse(event.data)) ?? .object([])
        created_at = Instant.iso8601(event.createdAt)
    }
}
