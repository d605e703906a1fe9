import Crypto
import Foundation

/// Seals secrets (API keys, shared secrets) for storage with AES-GCM, under a key derived from a
/// secret the instance keeps in its database; each use names its own key.
public struct SecretBox: Sendable {
    let store: Store
    let name: String

    public init(store: Store, name: String) {
        self.store = store
        self.name = name
    }

    func key() async throws -> SymmetricKey {
        let secret = try await InstanceSettings(store: store).secret(named: name)
        return SymmetricKey(data: SHA256.hash(data: Data(secret.utf8)))
    }

    public func seal(_ plain: String) async throws -> String {
        let box = try AES.GCM.seal(Data(plain.utf8), using: try await key())
        guard let combined = box.combined else { throw StoreError.notFound("sealed secret") }
        return combined.base64EncodedString()
    }

    public func open(_ sealed: String) async throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw StoreError.notFound("sealed secret") }
        return String(decoding: try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: try await key()), as: UTF8.self)
    }
}
