import Crypto
import QuartermasterCore
import Synchronization

/// Random identifiers and secrets.
public enum Identifier {
    /// A new row id, prefixed for readability (`usr_…`): 32 lower-case hex digits, the first 12 the
    /// creation time in milliseconds and the other 20 random (80 bits). Ids made one after another sort
    /// together, so indexes on them grow at one end instead of touching a random page per new row.
    public static func make(_ prefix: String) -> String {
        let time = UInt64(max(0, Clock.nowMilliseconds())) & 0xFFFF_FFFF_FFFF
        return prefix + "_" + String(time, radix: 16).leftPadded(to: 12) + randomHex(bytes: 10)
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
        guard count <= RandomPool.size else { return RandomPool.fill(count) }
        return pool.withLock { pool in
            if pool.offset + count > pool.bytes.count {
                pool.bytes = RandomPool.fill(RandomPool.size)
                pool.offset = 0
            }
            defer { pool.offset += count }
            return Array(pool.bytes[pool.offset..<pool.offset + count])
        }
    }

    /// SHA-256 of a secret, hex encoded: what is stored instead of the secret.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).hexString
    }

    private static let pool = Mutex(RandomPool())

    private struct RandomPool {
        static let size = 4_096
        var bytes: [UInt8] = []
        var offset = 0

        /// The system generator (`getrandom` on Linux), eight bytes a call. No file descriptor is
        /// kept open for it: a long-lived descriptor is exposed to any double close elsewhere in the
        /// process, after which its number can belong to a socket whose bytes a read would steal.
        static func fill(_ count: Int) -> [UInt8] {
            var generator = SystemRandomNumberGenerator()
            var out: [UInt8] = []
            out.reserveCapacity(count + 8)
            while out.count < count {
                let word = generator.next()
                for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
            }
            return Array(out.prefix(count))
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
