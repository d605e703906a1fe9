import Foundation

/// The two standard PDF Type 1 fonts our documents use, with their glyph widths so text can be
/// measured (right-aligned numbers, wrapped descriptions) without embedding a font. Text is
/// written in WinAnsiEncoding, one byte per character.
public enum StandardFont: String, Sendable, Hashable, CaseIterable {
    case helvetica = "Helvetica"
    case helveticaBold = "Helvetica-Bold"

    /// Width of `text` in points at `size`.
    public func width(of text: String, size: Double) -> Double {
        width(ofEncoded: WinAnsi.encode(text), size: size)
    }

    /// Width of WinAnsi-encoded bytes in points at `size`.
    public func width(ofEncoded bytes: [UInt8], size: Double) -> Double {
        let widths = self == .helvetica ? Self.helveticaWidths : Self.helveticaBoldWidths
        var total = 0
        for byte in bytes where byte >= 32 { total += widths[Int(byte) - 32] }
        return Double(total) * size / 1000
    }

    // Advance widths in 1/1000 em from the Adobe AFM metrics, for WinAnsi codes 32…255 (sixteen per
    // row). Codes WinAnsi leaves undefined are 0; the encoder never produces them.
    static let helveticaWidths: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // 32 space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 48 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // 64 @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // 80 P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // 96 ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,  // 112 p … DEL
        556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,  // 128 € … 0x8F
        0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,  // 144 … Ÿ
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,  // 160 nbsp … macron
        400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,  // 176 ° … ¿
        667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  // 192 À … Ï
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  // 208 Ð … ß
        556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,  // 224 à … ï
        556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,  // 240 ð … ÿ
    ]

    static let helveticaBoldWidths: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,  // 32 space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,  // 48 0 … ?
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,  // 64 @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,  // 80 P … _
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,  // 96 ` … o
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,  // 112 p … DEL
        556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,  // 128 € … 0x8F
        0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,  // 144 … Ÿ
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,  // 160 nbsp … macron
        400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,  // 176 ° … ¿
        722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,  // 192 À … Ï
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,  // 208 Ð … ß
        556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,  // 224 à … ï
        611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,  // 240 ð … ÿ
    ]
}

/// Windows code page 1252 as PDF's WinAnsiEncoding: Latin-1 plus typographic punctuation, €, Œ, Š…
public enum WinAnsi {
    /// `text` as WinAnsi bytes. Characters outside it become their closest WinAnsi spelling: accents
    /// dropped from letters it lacks (ő → o), look-alike dashes, quotes and spaces replaced, and
    /// anything else a `?`. Control characters become spaces.
    public static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = byte(for: scalar) {
                bytes.append(byte)
            } else if let substitute = substitutes[scalar.value] {
                bytes.append(substitute)
            } else if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace {
                bytes.append(0x20)
            } else {
                // A letter with a mark WinAnsi lacks: keep the letters of its decomposition.
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.compactMap(byte(for:))
                if !base.isEmpty && String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.count > 1 {
                    bytes += base
                } else {
                    bytes.append(UInt8(ascii: "?"))
                }
            }
        }
        return bytes
    }

    private static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if (0x20...0x7E).contains(value) || (0xA0...0xFF).contains(value) { return UInt8(value) }
        return upper[value]
    }

    /// The characters WinAnsi places at 0x80…0x9F.
    private static let upper: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02C6: 0x88,
        0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93,
        0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B,
        0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]

    /// Look-alikes: hyphens and minus signs, primes, the spaces and dashes of other scripts.
    private static let substitutes: [UInt32: UInt8] = [
        0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x96, 0x2015: 0x97, 0x2212: 0x2D, 0x2032: 0x27, 0x2033: 0x22, 0x2044: 0x2F,
        0x2215: 0x2F, 0x2024: 0x2E, 0x2027: 0xB7, 0x2219: 0xB7, 0x22C5: 0xB7, 0x2264: 0x3C, 0x2265: 0x3E,
        0x0131: 0x69, 0x0141: 0x4C, 0x0142: 0x6C, 0x0110: 0xD0, 0x0111: 0x64,
    ]
}
