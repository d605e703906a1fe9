/// Someone acting on an approval: who they are, their roles and the most they may approve.
public struct Approver: Sendable, Hashable, Codable {
    public var id: String
    public var roles: [Role]
    /// The most this person may approve; nil means no limit.
    public var approvalLimit: FixedDecimal?

    public init(id: String, roles: [Role], approvalLimit: FixedDecimal? = nil) {
        self.id = id
        self.roles = roles
        self.approvalLimit = approvalLimit
    }
}

/// Someone away lets another person approve in their place, between two instants.
public struct Delegation: Sendable, Hashable, Codable {
    public var from: Approver
    public var to: String
    public var startsAt: Int64
    public var endsAt: Int64

    public init(from: Approver, to: String, startsAt: Int64, endsAt: Int64) {
        self.from = from
        self.to = to
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    public func isActive(at now: Int64) -> Bool { startsAt <= now && now < endsAt }

    /// A delegation that would close a loop (A → B while B → … → A): the people it would route back to.
    public static func wouldLoop(from: String, to: String, existing: [(from: String, to: String)]) -> Bool {
        var seen: Set<String> = [to]
        var frontier = [to]
        while let next = frontier.popLast() {
            if next == from { return true }
            for edge in existing where edge.from == next && seen.insert(edge.to).inserted { frontier.append(edge.to) }
        }
        return false
    }
}

public enum ApprovalStatus: String, Sendable, Hashable, Codable {
    case pending, approved, rejected, expired, cancelled
}

/// What an approver chose for rejected lines.
public enum RejectedLineAction: String, Sendable, Hashable, Codable {
    /// Find another offer for the line (the rejected one is excluded).
    case resource
    /// Remove the line from the request.
    case drop
}

public struct ApprovalDecision: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case approve, reject, escalate
    }
    public var verdict: Verdict
    public var user: String?
    /// Set when the user acted for someone away.
    public var onBehalfOf: String?
    public var level: Int
    public var comment: String?
    /// Rejected line numbers (0-based); empty rejects the whole request.
    public var lines: [Int]
    public var lineAction: RejectedLineAction?
    public var at: Int64

    enum CodingKeys: String, CodingKey {
        case verdict, user, onBehalfOf = "on_behalf_of", level, comment, lines, lineAction = "line_action", at
    }
}

/// Why someone may not act on an approval.
public enum ApprovalRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case selfApproval
    case notAnApprover(String)
    case aboveLimit(limit: FixedDecimal, amount: FixedDecimal)
    case alreadyDecided(ApprovalStatus)
    case alreadyApproved
    case invalidLines([Int])

    public var description: String {
        switch self {
        case .selfApproval: "you cannot approve or reject your own request"
        case .notAnApprover(let who): "this approval waits for \(who), not for you"
        case .aboveLimit(let limit, let amount):
            "the amount \(amount.text(minimumPlaces: 2)) is above your approval limit of \(limit.text(minimumPlaces: 2))"
        case .alreadyDecided(let status): "the approval is already \(status.rawValue)"
        case .alreadyApproved: "you have already approved this level"
        case .invalidLines(let lines): "no such line(s): " + lines.map { String($0) }.joined(separator: ", ")
        }
    }

    /// Conflicts (the approval's state) rather than permissions.
    public var isConflict: Bool {
        switch self {
        case .alreadyDecided, .alreadyApproved: true
        default: false
        }
    }
}

/// One approval in progress: sequential levels, who decided what, and escalations. Pure: every
/// change is a method that either applies or refuses with the reason, leaving the value unchanged.
public struct ApprovalFlow: Sendable, Hashable, Codable {
    public var levels: [ApprovalLevel]
    public var current: Int
    public var status: ApprovalStatus
    public var amount: FixedDecimal
    public var lineCount: Int
    public var requesterID: String?
    public var levelStartedAt: Int64
    /// Levels whose escalation target may also act.
    public var escalated: [Int]
    public var decisions: [ApprovalDecision]

    public init(plan: ApprovalPlan, amount: FixedDecimal, lineCount: Int, requesterID: String?, now: Int64) {
        levels = plan.levels
        current = 0
        status = plan.levels.isEmpty ? .approved : .pending
        self.amount = amount
        self.lineCount = lineCount
        self.requesterID = requesterID
        levelStartedAt = now
        escalated = []
        decisions = []
    }

    enum CodingKeys: String, CodingKey {
        case levels, current, status, amount, lineCount = "line_count", requesterID = "requester_id"
        case levelStartedAt = "level_started_at", escalated, decisions
    }

    public var level: ApprovalLevel? { status == .pending && current < levels.count ? levels[current] : nil }

    /// Whether `person` (acting for themselves) is one of the current level's approvers.
    func holdsLevel(_ person: Approver) -> Bool {
        guard let level else { return false }
        if level.users.contains(person.id) || !Set(level.roles).isDisjoint(with: person.roles) { return true }
        if escalated.contains(current), let target = level.escalateTo {
            if let user = target.user, user == person.id { return true }
            if let role = target.role, person.roles.contains(role) { return true }
        }
        return false
    }

    /// Who `actor` acts as at the current level: themselves, or someone away who delegated to them.
    /// Refuses the requester (also through a delegation), anyone not an approver of the level, and,
    /// for an approval (`approving`), someone whose approval at this level is already counted.
    public func standing(
        of actor: Approver, delegations: [Delegation], now: Int64, approving: Bool = true
    ) -> Result<
        Approver, ApprovalRefusal
    > {
        guard status == .pending, let level else { return .failure(.alreadyDecided(status)) }
        if let requesterID, actor.id == requesterID { return .failure(.selfApproval) }
        var candidates: [Approver] = [actor]
        for delegation in delegations where delegation.to == actor.id && delegation.isActive(at: now) {
            if delegation.from.id != requesterID { candidates.append(delegation.from) }
        }
        // Prefer someone whose approval still counts at this level.
        let eligible = candidates.filter(holdsLevel)
        guard !eligible.isEmpty else { return .failure(.notAnApprover(level.summary)) }
        let counting = approving ? eligible.filter { !approvedAtCurrentLevel($0.id) } : eligible
        guard let chosen = counting.first else { return .failure(.alreadyApproved) }
        if approving, let limit = chosen.approvalLimit, amount > limit { return .failure(.aboveLimit(limit: limit, amount: amount)) }
        return .success(chosen)
    }

    /// Whether the approval waits for `actor` now (for the inbox).
    public func waits(for actor: Approver, delegations: [Delegation], now: Int64) -> Bool {
        if case .success = standing(of: actor, delegations: delegations, now: now) { return true }
        return false
    }

    func approvedAtCurrentLevel(_ user: String) -> Bool {
        decisions.contains { $0.level == current && $0.verdict == .approve && ($0.onBehalfOf ?? $0.user) == user }
    }

    public mutating func approve(
        by actor: Approver, comment: String?, delegations: [Delegation], now: Int64
    ) -> Result<
        ApprovalStatus, ApprovalRefusal
    > {
        switch standing(of: actor, delegations: delegations, now: now) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let principal):
            decisions.append(
                ApprovalDecision(
                    verdict: .approve, user: actor.id, onBehalfOf: principal.id == actor.id ? nil : principal.id, level: current,
                    comment: comment, lines: [], lineAction: nil, at: now))
            if levelComplete() {
                current += 1
                levelStartedAt = now
                if current >= levels.count { status = .approved }
            }
            return .success(status)
        }
    }

    /// Rejects the whole request (`lines` empty) or some lines, which are then re-sourced or dropped.
    public mutating func reject(
        by actor: Approver, lines: [Int], action: RejectedLineAction, reason: String?, delegations: [Delegation], now: Int64
    ) -> Result<ApprovalStatus, ApprovalRefusal> {
        let invalid = lines.filter { $0 < 0 || $0 >= lineCount }
        if !invalid.isEmpty { return .failure(.invalidLines(invalid)) }
        // Someone who approved may still reject before the level completes.
        let principal: String
        switch standing(of: actor, delegations: delegations, now: now, approving: false) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let person): principal = person.id
        }
        decisions.append(
            ApprovalDecision(
                verdict: .reject, user: actor.id, onBehalfOf: principal == actor.id ? nil : principal, level: current, comment: reason,
                lines: Array(Set(lines)).sorted(), lineAction: lines.isEmpty ? nil : action, at: now))
        status = .rejected
        return .success(status)
    }

    func levelComplete() -> Bool {
        guard let level else { return false }
        guard level.mode == .all, !level.users.isEmpty else { return true }
        // Every named user other than the requester (who may not approve their own request).
        return level.users.filter { $0 != requesterID }.allSatisfy(approvedAtCurrentLevel)
    }

    /// Opens the current level to its escalation target once its time is up; true when it did.
    public mutating func escalateIfDue(now: Int64) -> Bool {
        guard let level, let hours = level.escalateAfterHours, level.escalateTo != nil, !escalated.contains(current),
            now - levelStartedAt >= Int64(hours) * 3_600_000
        else { return false }
        escalated.append(current)
        decisions.append(
            ApprovalDecision(
                verdict: .escalate, user: nil, onBehalfOf: nil, level: current,
                comment: "no decision after \(hours) h; escalated to " + (level.escalateTo?.user ?? level.escalateTo?.role?.rawValue ?? ""),
                lines: [], lineAction: nil, at: now))
        return true
    }

    /// The lines an approver rejected, and what to do with them; nil when the whole request was rejected.
    public var rejectedLines: (lines: [Int], action: RejectedLineAction)? {
        guard status == .rejected, let last = decisions.last(where: { $0.verdict == .reject }), !last.lines.isEmpty else { return nil }
        return (last.lines, last.lineAction ?? .resource)
    }
}

extension Requisition {
    /// The requisition after an approver rejected some of its lines: dropped, or kept with the offer
    /// the quote chose for them excluded so sourcing finds another.
    public func rejecting(lines rejected: [Int], action: RejectedLineAction, quote: Quote?) -> Requisition {
        var copy = self
        let rejected = Set(rejected)
        switch action {
        case .drop:
            copy.lines = lines.enumerated().filter { !rejected.contains($0.offset) }.map(\.element)
        case .resource:
            for index in rejected.sorted() where index < copy.lines.count {
                guard let chosen = quote?.lines.first(where: { $0.line == index }) else { continue }
                copy.lines[index].excludedOffers = (copy.lines[index].excludedOffers ?? []) + ["\(chosen.vendorID)/\(chosen.vendorSKU)"]
            }
        }
        return copy
    }
}
