extension Sequence where Element == UInt8 {
    /// The bytes as lower-case hexadecimal, two digits each (digests, ids, ETags).
    public var hexString: String {
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

extension String {
    /// The string padded on the left with `pad` to at least `width` characters.
    public func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
