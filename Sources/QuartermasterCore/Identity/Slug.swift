/// URL-friendly identifiers derived from names ("Café Lisboa, Lda." → "cafe-lisboa-lda").
public enum Slug {
    /// Latin letters with diacritics folded to their ASCII base; anything else non-ASCII separates words.
    private static let folding: [Character: String] = [
        "à": "a", "á": "a", "â": "a", "ã": "a", "ä": "a", "å": "a", "æ": "ae", "ç": "c", "è": "e",
        "é": "e", "ê": "e", "ë": "e", "ì": "i", "í": "i", "î": "i", "ï": "i", "ñ": "n", "ò": "o",
        "ó": "o", "ô": "o", "õ": "o", "ö": "o", "ø": "o", "œ": "oe", "ù": "u", "ú": "u", "û": "u",
        "ü": "u", "ý": "y", "ÿ": "y", "ß": "ss",
    ]

    public static func make(from name: String, maxLength: Int = 48) -> String {
        var out = ""
        var pendingDash = false
        for character in name.lowercased() {
            let piece: String? =
                character.isASCII && (character.isLetter || character.isNumber)
                ? String(character) : folding[character]
            guard let piece else {
                pendingDash = true
                continue
            }
            if pendingDash && !out.isEmpty { out.append("-") }
            pendingDash = false
            out.append(piece)
            if out.count >= maxLength { break }
        }
        return out.isEmpty ? "org" : String(out.prefix(maxLength))
    }
}
