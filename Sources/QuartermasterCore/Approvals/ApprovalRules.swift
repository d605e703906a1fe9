/// Who may approve at one level of an approval: anyone holding one of `roles`, or the named `users`
/// (any one of them, or all of them with `mode` all). After `escalateAfterHours` without a decision
/// the level is also open to `escalateTo`.
public struct ApprovalLevel: Sendable, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable {
        case any, all
    }

    /// Someone a level escalates to: a role or a named user.
    public struct Target: Sendable, Hashable, Codable {
        public var role: Role?
        public var user: String?
        public init(role: Role? = nil, user: String? = nil) {
            self.role = role
            self.user = user
        }
    }

    public var roles: [Role]
    public var users: [String]
    public var mode: Mode
    public var escalateAfterHours: Int?
    public var escalateTo: Target?

    public init(roles: [Role] = [], users: [String] = [], mode: Mode = .any, escalateAfterHours: Int? = nil, escalateTo: Target? = nil) {
        self.roles = roles
        self.users = users
        self.mode = mode
        self.escalateAfterHours = escalateAfterHours
        self.escalateTo = escalateTo
    }

    enum CodingKeys: String, CodingKey {
        case roles, users, mode, escalateAfterHours = "escalate_after_hours", escalateTo = "escalate_to"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        roles = try container.decodeIfPresent([Role].self, forKey: .roles) ?? []
        users = try container.decodeIfPresent([String].self, forKey: .users) ?? []
        mode = try container.decodeIfPresent(Mode.self, forKey: .mode) ?? .any
        escalateAfterHours = try container.decodeIfPresent(Int.self, forKey: .escalateAfterHours)
        escalateTo = try container.decodeIfPresent(Target.self, forKey: .escalateTo)
    }

    /// The organisation default: one approval by any approver or admin.
    public static let anyApprover = ApprovalLevel(roles: [.approver, .admin])

    /// "any approver or admin", "all of usr_a, usr_b".
    public var summary: String {
        var parts: [String] = []
        if !roles.isEmpty { parts.append("any " + roles.map(\.rawValue).joined(separator: " or ")) }
        if !users.isEmpty { parts.append((mode == .all && users.count > 1 ? "all of " : "") + users.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}

/// What a rule decides.
public enum ApprovalOutcome: Sendable, Hashable, Codable {
    case autoApprove
    /// Sequential levels: each must be satisfied before the next is asked.
    case require([ApprovalLevel])

    enum CodingKeys: String, CodingKey { case type, levels }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "auto_approve": self = .autoApprove
        case "require": self = .require(try container.decode([ApprovalLevel].self, forKey: .levels))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown outcome type '\(other)'; expected auto_approve or require")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .autoApprove: try container.encode("auto_approve", forKey: .type)
        case .require(let levels):
            try container.encode("require", forKey: .type)
            try container.encode(levels, forKey: .levels)
        }
    }
}

/// When a rule applies. Every condition set must hold; an empty list holds for anything. The amount
/// band is `amount_min` ≤ amount < `amount_max`.
public struct ApprovalConditions: Sendable, Hashable, Codable {
    public var amountMin: FixedDecimal?
    public var amountMax: FixedDecimal?
    /// Category paths or prefixes ("Furniture" or "Furniture > Chairs"); holds when any line is in one.
    public var categories: [String]
    public var costCentres: [String]
    /// Vendor ids or names; holds when any line is bought from one.
    public var vendors: [String]
    public var requesters: [String]
    public var requesterRoles: [Role]

    public init(
        amountMin: FixedDecimal? = nil, amountMax: FixedDecimal? = nil, categories: [String] = [], costCentres: [String] = [],
        vendors: [String] = [], requesters: [String] = [], requesterRoles: [Role] = []
    ) {
        self.amountMin = amountMin
        self.amountMax = amountMax
        self.categories = categories
        self.costCentres = costCentres
        self.vendors = vendors
        self.requesters = requesters
        self.requesterRoles = requesterRoles
    }

    enum CodingKeys: String, CodingKey {
        case amountMin = "amount_min", amountMax = "amount_max", categories, costCentres = "cost_centres", vendors, requesters
        case requesterRoles = "requester_roles"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        amountMin = try container.decodeIfPresent(FixedDecimal.self, forKey: .amountMin)
        amountMax = try container.decodeIfPresent(FixedDecimal.self, forKey: .amountMax)
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        costCentres = try container.decodeIfPresent([String].self, forKey: .costCentres) ?? []
        vendors = try container.decodeIfPresent([String].self, forKey: .vendors) ?? []
        requesters = try container.decodeIfPresent([String].self, forKey: .requesters) ?? []
        requesterRoles = try container.decodeIfPresent([Role].self, forKey: .requesterRoles) ?? []
    }

    func holds(for subject: ApprovalSubject) -> Bool {
        if let amountMin, subject.amount < amountMin { return false }
        if let amountMax, subject.amount >= amountMax { return false }
        if !categories.isEmpty,
            !subject.categories.contains(where: { path in categories.contains { Self.category(path, isIn: $0) } })
        {
            return false
        }
        if !costCentres.isEmpty, !costCentres.contains(where: { $0.caseInsensitiveEquals(subject.costCentre) }) { return false }
        if !vendors.isEmpty, !subject.vendors.contains(where: { vendor in vendors.contains { $0.caseInsensitiveEquals(vendor) } }) {
            return false
        }
        if !requesters.isEmpty,
            !requesters.contains(where: { $0 == subject.requesterID || $0.caseInsensitiveEquals(subject.requesterEmail) })
        {
            return false
        }
        if !requesterRoles.isEmpty, Set(requesterRoles).isDisjoint(with: subject.requesterRoles) { return false }
        return true
    }

    /// Whether some request could meet both condition sets.
    func overlaps(_ other: ApprovalConditions) -> Bool {
        let low = max(amountMin ?? .zero, other.amountMin ?? .zero)
        if let high = [amountMax, other.amountMax].compactMap({ $0 }).min(), high <= low { return false }
        func meet(_ a: [String], _ b: [String]) -> Bool {
            a.isEmpty || b.isEmpty || a.contains { x in b.contains { $0.caseInsensitiveEquals(x) } }
        }
        let categoriesMeet =
            categories.isEmpty || other.categories.isEmpty
            || categories.contains { x in
                other.categories.contains { Self.category(x.categoryPath, isIn: $0) || Self.category($0.categoryPath, isIn: x) }
            }
        return categoriesMeet && meet(costCentres, other.costCentres) && meet(vendors, other.vendors)
            && meet(requesters, other.requesters)
            && (requesterRoles.isEmpty || other.requesterRoles.isEmpty || !Set(requesterRoles).isDisjoint(with: other.requesterRoles))
    }

    /// Whether the category path `path` lies under `prefix` ("Furniture > Chairs" is under "Furniture").
    static func category(_ path: [String], isIn prefix: String) -> Bool {
        let wanted = prefix.categoryPath
        guard !wanted.isEmpty, wanted.count <= path.count else { return false }
        return zip(wanted, path).allSatisfy { $0.caseInsensitiveEquals($1) }
    }
}

extension String {
    fileprivate var categoryPath: [String] {
        split(separator: ">").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    fileprivate func caseInsensitiveEquals(_ other: String?) -> Bool {
        guard let other else { return false }
        return lowercased() == other.lowercased()
    }
}

/// One approval rule of an organisation. Rules are tried by `priority` (lower first); the first whose
/// conditions hold decides.
public struct ApprovalRule: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var priority: Int
    public var enabled: Bool
    public var conditions: ApprovalConditions
    public var outcome: ApprovalOutcome

    public init(
        id: String, name: String, priority: Int = 100, enabled: Bool = true, conditions: ApprovalConditions = ApprovalConditions(),
        outcome: ApprovalOutcome
    ) {
        self.id = id
        self.name = name
        self.priority = priority
        self.enabled = enabled
        self.conditions = conditions
        self.outcome = outcome
    }
}

/// What the rules look at: the request's amount, lines, cost centre and requester.
public struct ApprovalSubject: Sendable, Hashable {
    public var amount: FixedDecimal
    public var currency: CurrencyCode
    public var categories: [[String]]
    public var vendors: [String]
    public var costCentre: String?
    public var requesterID: String?
    public var requesterEmail: String?
    public var requesterRoles: [Role]
    /// The requester's own spending limit: above it, a request is never approved automatically.
    public var requesterLimit: FixedDecimal?

    public init(
        amount: FixedDecimal, currency: CurrencyCode, categories: [[String]] = [], vendors: [String] = [], costCentre: String? = nil,
        requesterID: String? = nil, requesterEmail: String? = nil, requesterRoles: [Role] = [], requesterLimit: FixedDecimal? = nil
    ) {
        self.amount = amount
        self.currency = currency
        self.categories = categories
        self.vendors = vendors
        self.costCentre = costCentre
        self.requesterID = requesterID
        self.requesterEmail = requesterEmail
        self.requesterRoles = requesterRoles
        self.requesterLimit = requesterLimit
    }
}

/// The approval a request needs, and why.
public struct ApprovalPlan: Sendable, Hashable, Codable {
    /// Empty: approved automatically.
    public var levels: [ApprovalLevel]
    public var ruleID: String?
    public var reason: String

    public var automatic: Bool { levels.isEmpty }

    public init(levels: [ApprovalLevel], ruleID: String?, reason: String) {
        self.levels = levels
        self.ruleID = ruleID
        self.reason = reason
    }
}

/// Chooses the approval a request needs from an organisation's rules.
public enum ApprovalPolicy {
    /// With no rule configured: approved automatically below this amount in the organisation's
    /// currency, otherwise one approval by an approver or admin other than the requester.
    public static let defaultAutoApproveBelow = FixedDecimal(1_000)

    public static func plan(for subject: ApprovalSubject, rules: [ApprovalRule]) -> ApprovalPlan {
        let amount = "\(subject.amount.text(minimumPlaces: 2)) \(subject.currency.code)"
        var plan: ApprovalPlan
        let active = rules.filter(\.enabled).sorted { ($0.priority, $0.id) < ($1.priority, $1.id) }
        if let rule = active.first(where: { $0.conditions.holds(for: subject) }) {
            switch rule.outcome {
            case .autoApprove:
                plan = ApprovalPlan(levels: [], ruleID: rule.id, reason: "rule \"\(rule.name)\" approves \(amount) automatically")
            case .require(let levels):
                plan = ApprovalPlan(
                    levels: levels, ruleID: rule.id,
                    reason: "rule \"\(rule.name)\" requires " + levels.map(\.summary).joined(separator: ", then "))
            }
        } else if subject.amount < defaultAutoApproveBelow {
            plan = ApprovalPlan(
                levels: [], ruleID: nil,
                reason: "\(amount) is below the default limit of \(defaultAutoApproveBelow.text()) for automatic approval")
        } else {
            plan = ApprovalPlan(
                levels: [.anyApprover], ruleID: nil,
                reason: "\(amount) is at or above \(defaultAutoApproveBelow.text()): one approval by an approver or admin")
        }
        if plan.automatic, let limit = subject.requesterLimit, subject.amount > limit {
            plan = ApprovalPlan(
                levels: [.anyApprover], ruleID: plan.ruleID,
                reason:
                    "\(amount) is above the requester's spending limit of \(limit.text(minimumPlaces: 2)): one approval by an approver or admin"
            )
        }
        return plan
    }

    /// Problems with a rule set, as field errors: a level nobody can satisfy, an escalation to the
    /// level's own approvers (a loop), two enabled rules of equal priority that can match the same
    /// request with different outcomes (a contradiction), an empty amount band.
    public static func problems(in rules: [ApprovalRule], knownUsers: Set<String>) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, rule) in rules.enumerated() {
            let field = "rules[\(index)]"
            if let low = rule.conditions.amountMin, let high = rule.conditions.amountMax, high <= low {
                errors.append(FieldError(field: "\(field).conditions", message: "amount_max must be above amount_min"))
            }
            if let low = rule.conditions.amountMin, low < .zero {
                errors.append(FieldError(field: "\(field).conditions.amount_min", message: "must not be negative"))
            }
            guard case .require(let levels) = rule.outcome else { continue }
            if levels.isEmpty {
                errors.append(FieldError(field: "\(field).outcome.levels", message: "must name at least one level (or use auto_approve)"))
            }
            for (levelIndex, level) in levels.enumerated() {
                let levelField = "\(field).outcome.levels[\(levelIndex)]"
                if level.roles.isEmpty && level.users.isEmpty {
                    errors.append(FieldError(field: levelField, message: "must name roles or users who approve"))
                }
                if level.mode == .all && level.users.isEmpty {
                    errors.append(FieldError(field: "\(levelField).mode", message: "'all' needs named users"))
                }
                for user in level.users where !knownUsers.contains(user) {
                    errors.append(FieldError(field: "\(levelField).users", message: "no user '\(user.prefix(40))' in this organisation"))
                }
                if let hours = level.escalateAfterHours, hours < 1 {
                    errors.append(FieldError(field: "\(levelField).escalate_after_hours", message: "must be at least 1"))
                }
                if let target = level.escalateTo {
                    if (target.role == nil) == (target.user == nil) {
                        errors.append(FieldError(field: "\(levelField).escalate_to", message: "must name exactly one of role or user"))
                    } else if let role = target.role, level.roles.contains(role) {
                        errors.append(
                            FieldError(
                                field: "\(levelField).escalate_to", message: "escalates to its own approvers (\(role.rawValue)): a loop"))
                    } else if let user = target.user {
                        if level.users.contains(user) {
                            errors.append(FieldError(field: "\(levelField).escalate_to", message: "escalates to its own approver: a loop"))
                        } else if !knownUsers.contains(user) {
                            errors.append(
                                FieldError(field: "\(levelField).escalate_to", message: "no user '\(user.prefix(40))' in this organisation")
                            )
                        }
                    }
                    if level.escalateAfterHours == nil {
                        errors.append(FieldError(field: "\(levelField).escalate_after_hours", message: "is required with escalate_to"))
                    }
                }
            }
        }
        let enabled = rules.enumerated().filter { $0.element.enabled }
        for (position, first) in enabled.enumerated() {
            for second in enabled[(position + 1)...]
            where first.element.priority == second.element.priority && first.element.outcome != second.element.outcome
                && first.element.conditions.overlaps(second.element.conditions)
            {
                errors.append(
                    FieldError(
                        field: "rules[\(second.offset)]",
                        message:
                            "contradicts rule \"\(first.element.name)\": same priority \(first.element.priority), conditions that can both hold, different outcomes"
                    ))
            }
        }
        return errors
    }
}
