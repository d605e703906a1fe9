import Crypto
import QuartermasterCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    /// Bytes from the system's secure generator, taken from a pool filled 4 KB at a time: an import
    /// makes a hundred thousand ids, and a system call for each was a tenth of its writer's time.
    /// Every byte is handed out once.
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

        static func fill(_ count: Int) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                #if canImport(Glibc)
                    // The kernel's generator, one read for the whole pool (as getrandom would do).
                    var filled = 0
                    if urandom >= 0 {
                        while filled < count {
                            let got = read(urandom, buffer.baseAddress! + filled, count - filled)
                            if got > 0 { filled += got } else if got == 0 || errno != EINTR { break }
                        }
                    }
                    var generator = SystemRandomNumberGenerator()
                    while filled < count {
                        buffer[filled] = generator.next()
                        filled += 1
                    }
                #else
                    arc4random_buf(buffer.baseAddress!, count)
                #endif
                initialized = count
            }
        }

        #if canImport(Glibc)
            private static let urandom = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        #endif
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
