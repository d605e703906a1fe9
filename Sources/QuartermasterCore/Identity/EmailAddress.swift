/// Email address checks that are strict enough to catch typos without rejecting real addresses.
public enum EmailAddress {
    /// One `@`, a non-empty local part, a domain with a dot and no empty labels, no spaces.
    public static func isPlausible(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else { return false }
        let allowedDomain = { (c: Character) in c.isLetter || c.isNumber || c == "-" }
        guard labels.allSatisfy({ $0.allSatisfy(allowedDomain) }) else { return false }
        return !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
    }
}
