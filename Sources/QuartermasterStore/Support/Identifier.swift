import Crypto
import QuartermasterCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Random identifiers and secrets.
public enum Identifier {
    /// A new row id, prefixed for readability (`usr_…`): 32 lower-case hex digits, the first 12 the
    /// creation time in milliseconds and the other 20 random (80 bits). Ids made one after another sort
    /// together, so indexes on them grow at one end instead of touching a random page per new row.
    public static func make(_ prefix: String) -> String {
        let time = UInt64(max(0, Clock.nowMilliseconds())) & 0xFFFF_FFFF_FFFF
        var random = (UInt64(0), UInt16(0))
        withUnsafeMutableBytes(of: &random) { fillRandom($0.baseAddress!, count: 10) }
        let length = prefix.utf8.count + 33
        return String(unsafeUninitializedCapacity: length) { out in
            var at = 0
            for byte in prefix.utf8 {
                out[at] = byte
                at += 1
            }
            out[at] = UInt8(ascii: "_")
            at += 1
            for shift in stride(from: 44, through: 0, by: -4) {
                out[at] = hexDigit(time >> UInt64(shift))
                at += 1
            }
            withUnsafeBytes(of: &random) { bytes in
                for byte in bytes.prefix(10) {
                    out[at] = hexDigit(UInt64(byte >> 4))
                    out[at + 1] = hexDigit(UInt64(byte))
                    at += 2
                }
            }
            return at
        }
    }

    private static func hexDigit(_ value: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: value & 0xF)
        return nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    public static func randomHex(bytes count: Int) -> String {
        randomBytes(count).hexString
    }

    /// A URL-safe random secret of `bytes` random bytes (base64url without padding).
    public static func secret(bytes count: Int = 32) -> String {
        Base64URL.encode(randomBytes(count))
    }

    /// Bytes from the system's secure generator, taken from a pool filled 4 KB at a time under a lock
    /// (an import makes a hundred thousand ids). Every byte is handed out once.
    private static func randomBytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { fillRandom(buffer.baseAddress!, count: count) }
            initialized = count
        }
    }

    private static func fillRandom(_ target: UnsafeMutableRawPointer, count: Int) {
        guard count <= RandomPool.size else { return RandomPool.fill(target, count: count) }
        pool.withLock { pool in
            if pool.offset + count > RandomPool.size {
                pool.bytes.withUnsafeMutableBytes { RandomPool.fill($0.baseAddress!, count: RandomPool.size) }
                pool.offset = 0
            }
            pool.bytes.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + pool.offset, byteCount: count) }
            pool.offset += count
        }
    }

    /// SHA-256 of a secret, hex encoded: what is stored instead of the secret.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).hexString
    }

    private static let pool = Mutex(RandomPool())

    private struct RandomPool {
        static let size = 4_096
        var bytes = [UInt8](repeating: 0, count: size)
        /// Starts used up: the first call fills it.
        var offset = size

        /// The system generator, the whole buffer in one call (`arc4random_buf`: glibc's reads
        /// `getrandom` directly, so no file descriptor is kept open; a long-lived descriptor is
        /// exposed to any double close elsewhere in the process, after which its number can belong
        /// to a socket whose bytes a read would steal). Swift's own generator asks for eight bytes a
        /// system call.
        static func fill(_ target: UnsafeMutableRawPointer, count: Int) {
            #if canImport(Glibc)
                arc4random_buf(target, count)
            #else
                var generator = SystemRandomNumberGenerator()
                for index in 0..<count {
                    target.storeBytes(of: UInt8.random(in: .min ... .max, using: &generator), toByteOffset: index, as: UInt8.self)
                }
            #endif
        }
    }
}

enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 2 < bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let n = UInt32(bytes[index]) << 16
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
        } else if remaining == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)]]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
