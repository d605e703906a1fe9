import HummingbirdBcrypt
import NIOPosix

/// Bcrypt password hashing, run on the blocking thread pool so it never stalls an event loop.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    public init(cost: Int) {
        self.cost = UInt8(clamping: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash to verify against when the account does not exist, so that timing does not reveal it.
    public func dummyHash() async throws -> String {
        try await hash("not-a-real-password-\(cost)")
    }
}
