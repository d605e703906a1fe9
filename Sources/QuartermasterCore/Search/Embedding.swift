import Foundation

/// Turns texts into vectors whose cosine similarity says how alike they are.
public protocol Embedder: Sendable {
    /// Identifies the model; stored with each vector so vectors of different models are never compared.
    var model: String { get }
    var dimensions: Int { get }
    func embed(_ texts: [String]) async throws -> [[Float]]
}

/// A deterministic embedder that needs no network: words and the letter trigrams of words are hashed
/// into a fixed number of signed buckets, then the vector is scaled to length 1. It captures shared
/// vocabulary and near-spellings, not meaning; a configured model does better.
public struct BuiltinEmbedder: Embedder {
    public let dimensions: Int
    public var model: String { "builtin-hash2-\(dimensions)" }

    public init(dimensions: Int = 256) { self.dimensions = max(16, dimensions) }

    public func embed(_ texts: [String]) async throws -> [[Float]] { texts.map(vector(for:)) }

    public func vector(for text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimensions)
        var padded: [UInt8] = []
        for word in SearchText.tokens(text) where !SearchText.stopWords.contains(word) {
            padded.removeAll(keepingCapacity: true)
            padded.append(UInt8(ascii: "^"))
            padded.append(contentsOf: SearchText.singular(word).utf8)
            padded.append(UInt8(ascii: "$"))
            add(Self.hash(padded[1..<(padded.count - 1)], seed: 1), weight: 1.0, to: &vector)
            if padded.count >= 3 {
                for start in 0...(padded.count - 3) {
                    add(Self.hash(padded[start..<(start + 3)], seed: 2), weight: 0.35, to: &vector)
                }
            }
        }
        return VectorMath.normalized(vector)
    }

    /// FNV-1a over the bytes, started from a seed per kind of feature (word, trigram).
    static func hash(_ bytes: ArraySlice<UInt8>, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (seed &* 0x9E37_79B9_7F4A_7C15)
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private func add(_ hash: UInt64, weight: Float, to vector: inout [Float]) {
        let bucket = Int(hash % UInt64(dimensions))
        let sign: Float = (hash >> 63) == 0 ? 1 : -1
        vector[bucket] += sign * weight
    }
}

public enum VectorMath {
    public static func normalized(_ vector: [Float]) -> [Float] {
        var sum: Float = 0
        for value in vector { sum += value * value }
        guard sum > 0 else { return vector }
        let scale = 1 / sum.squareRoot()
        return vector.map { $0 * scale }
    }

    /// Cosine similarity of two vectors (dot product when both have length 1); 0 when sizes differ.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot: Float = 0
        var na: Float = 0
        var nb: Float = 0
        for index in 0..<a.count {
            dot += a[index] * b[index]
            na += a[index] * a[index]
            nb += b[index] * b[index]
        }
        guard na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    /// Little-endian Float32 bytes, for storage.
    public static func bytes(_ vector: [Float]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern
            out.append(UInt8(bits & 0xFF))
            out.append(UInt8((bits >> 8) & 0xFF))
            out.append(UInt8((bits >> 16) & 0xFF))
            out.append(UInt8(bits >> 24))
        }
        return out
    }

    public static func vector(_ bytes: [UInt8]) -> [Float] {
        guard bytes.count % 4 == 0 else { return [] }
        var out: [Float] = []
        out.reserveCapacity(bytes.count / 4)
        var index = 0
        while index < bytes.count {
            let bits =
                UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
            out.append(Float(bitPattern: bits))
            index += 4
        }
        return out
    }
}

/// Ranking quality for labelled queries.
public enum RankingMetrics {
    /// 1 / rank of the first relevant result, 0 when none is ranked.
    public static func reciprocalRank(_ ranked: [String], relevant: Set<String>) -> Double {
        guard let index = ranked.firstIndex(where: relevant.contains) else { return 0 }
        return 1 / Double(index + 1)
    }

    /// Share of the relevant items found in the first `k`.
    public static func recall(_ ranked: [String], relevant: Set<String>, at k: Int) -> Double {
        guard !relevant.isEmpty else { return 0 }
        let found = Set(ranked.prefix(k)).intersection(relevant).count
        return Double(found) / Double(relevant.count)
    }

    /// Normalised discounted cumulative gain at `k` with binary relevance.
    public static func ndcg(_ ranked: [String], relevant: Set<String>, at k: Int) -> Double {
        guard !relevant.isEmpty else { return 0 }
        var dcg = 0.0
        var seen = Set<String>()
        for (index, item) in ranked.prefix(k).enumerated() where relevant.contains(item) && seen.insert(item).inserted {
            dcg += 1 / log2(Double(index + 2))
        }
        var ideal = 0.0
        for index in 0..<min(k, relevant.count) { ideal += 1 / log2(Double(index + 2)) }
        return dcg / ideal
    }
}
