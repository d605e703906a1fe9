extension Sequence where Element == UInt8 {
    /// The bytes as lower-case hexadecimal, two digits each (digests, ids, ETags).
    public var hexString: String {
        var out = ""
        for byte in self { out += String(byte, radix: 16).leftPadded(to: 2) }
        return out
    }
}

extension String {
    /// The string padded on the left with `pad` to at least `width` characters.
    public func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
