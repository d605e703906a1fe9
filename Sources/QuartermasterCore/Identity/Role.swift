/// A role a user holds in one organisation. Roles are additive: a user may hold several.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case admin
    case buyer
    case approver
    case requester
    case finance
    case vendor
    case service

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a list of role names, reporting the first unknown name.
    public static func parse(_ names: [String]) -> Result<[Role], FieldError> {
        var roles: [Role] = []
        for (index, name) in names.enumerated() {
            guard let role = Role(rawValue: name.lowercased()) else {
                return .failure(
                    FieldError(
                        field: "roles[\(index)]",
                        message:
                            "unknown role '\(name.prefix(40))'; expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                    ))
            }
            if !roles.contains(role) { roles.append(role) }
        }
        return .success(roles.sorted())
    }
}
