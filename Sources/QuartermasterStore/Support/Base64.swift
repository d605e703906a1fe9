import Foundation

/// Standard base64, for binary data kept in text columns (same column type on both databases).
public enum Base64 {
    /// Padded standard base64, three bytes to four characters through a table.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        let size = (input.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: size) { out in
            alphabet.withUnsafeBufferPointer { alphabet in
                var read = 0
                var written = 0
                while read < input.count {
                    let remaining = input.count - read
                    let group =
                        UInt32(input[read]) << 16 | (remaining > 1 ? UInt32(input[read + 1]) << 8 : 0)
                        | (remaining > 2 ? UInt32(input[read + 2]) : 0)
                    out[written] = alphabet[Int(group >> 18 & 63)]
                    out[written + 1] = alphabet[Int(group >> 12 & 63)]
                    out[written + 2] = remaining > 1 ? alphabet[Int(group >> 6 & 63)] : equals
                    out[written + 3] = remaining > 2 ? alphabet[Int(group & 63)] : equals
                    read += 3
                    written += 4
                }
            }
            return size
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The bytes of padded standard base64 text; nil for anything else (a length that is not a
    /// multiple of 4, a character outside the alphabet, padding anywhere but the end). A table
    /// lookup per character: Foundation's decoder took most of a search's re-ranking (100 vectors of
    /// 1,368 characters) and of reading an import's stored body back.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { input in decode(input) }
    }

    static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        guard !input.isEmpty else { return [] }
        let padding = input[input.count - 1] != equals ? 0 : input[input.count - 2] != equals ? 1 : 2
        let size = input.count / 4 * 3 - padding
        var valid = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            values.withUnsafeBufferPointer { values in
                var read = 0
                var written = 0
                while read < input.count {
                    let last = read + 4 == input.count
                    let a = values[Int(input[read])]
                    let b = values[Int(input[read + 1])]
                    let c = last && padding == 2 ? 0 : values[Int(input[read + 2])]
                    let d = last && padding >= 1 ? 0 : values[Int(input[read + 3])]
                    guard (a | b | c | d) & 0x80 == 0 else {
                        valid = false
                        break
                    }
                    let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out[written] = UInt8(truncatingIfNeeded: group >> 16)
                    if written + 1 < size { out[written + 1] = UInt8(truncatingIfNeeded: group >> 8) }
                    if written + 2 < size { out[written + 2] = UInt8(truncatingIfNeeded: group) }
                    written += 3
                    read += 4
                }
            }
            initialized = valid ? size : 0
        }
        return valid ? bytes : nil
    }

    private static let equals = UInt8(ascii: "=")

    /// Each character's 6-bit value; 0xFF for characters outside the alphabet (`=` included: padding
    /// is read only where it may stand).
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(index)
        }
        return table
    }()
}
