import NIOHTTP1
import QuartermasterCore

/// How one kind of OpenAI-compatible server differs from the others: what it can do, how it is
/// authenticated, where its endpoints are and how it takes a JSON schema.
public struct OpenAICompatibleProfile: Sendable, Hashable, Codable {
    public enum Backend: String, Sendable, Hashable, Codable, CaseIterable {
        case openai, azure, vllm, ollama, llamacpp
    }

    /// How a JSON schema for the answer is sent.
    public enum SchemaStyle: String, Sendable, Hashable, Codable {
        /// `response_format: {type: json_schema, json_schema: {name, schema, strict}}` (OpenAI, Azure, vLLM, Ollama).
        case jsonSchema = "json_schema"
        /// `response_format: {type: json_object, schema}`: llama.cpp's servers turn it into a grammar.
        case jsonObjectWithSchema = "json_object_with_schema"
        /// The schema goes into the prompt; the answer is validated all the same.
        case prompt
    }

    public var backend: Backend
    public var capabilities: ModelCapabilities
    public var schemaStyle: SchemaStyle
    /// `max_completion_tokens` for OpenAI, `max_tokens` elsewhere.
    public var maxTokensField: String
    /// Azure's `api-version` query parameter.
    public var apiVersion: String?

    public init(
        backend: Backend, capabilities: ModelCapabilities, schemaStyle: SchemaStyle, maxTokensField: String = "max_tokens",
        apiVersion: String? = nil
    ) {
        self.backend = backend
        self.capabilities = capabilities
        self.schemaStyle = schemaStyle
        self.maxTokensField = maxTokensField
        self.apiVersion = apiVersion
    }

    private static let full = ModelCapabilities(
        supportsTools: true, supportsJSONSchema: true, supportsJSONMode: true, supportsStreaming: true, supportsStreamingUsage: true,
        supportsSeed: true)

    public static let openai = OpenAICompatibleProfile(
        backend: .openai, capabilities: full, schemaStyle: .jsonSchema, maxTokensField: "max_completion_tokens")

    /// Azure OpenAI: the model is the deployment's name, the key goes in an `api-key` header.
    public static func azure(apiVersion: String = "2024-10-21") -> OpenAICompatibleProfile {
        OpenAICompatibleProfile(backend: .azure, capabilities: full, schemaStyle: .jsonSchema, apiVersion: apiVersion)
    }

    /// vLLM's OpenAI server (tools need `--enable-auto-tool-choice` and a `--tool-call-parser`).
    public static let vllm = OpenAICompatibleProfile(backend: .vllm, capabilities: full, schemaStyle: .jsonSchema)

    /// Ollama's `/v1` API: tool calls arrive whole rather than in pieces.
    public static let ollama = OpenAICompatibleProfile(backend: .ollama, capabilities: full, schemaStyle: .jsonSchema)

    /// llama.cpp's servers (`llama-server`, and llama-cpp-python's with a function-calling chat format):
    /// schemas become grammars; no usage chunk in streams.
    public static let llamacpp = OpenAICompatibleProfile(
        backend: .llamacpp,
        capabilities: ModelCapabilities(
            supportsTools: true, supportsJSONSchema: true, supportsJSONMode: true, supportsStreaming: true, supportsStreamingUsage: false,
            supportsSeed: true),
        schemaStyle: .jsonObjectWithSchema)

    /// The standard profile of `backend`.
    public static func standard(_ backend: Backend) -> OpenAICompatibleProfile {
        switch backend {
        case .openai: .openai
        case .azure: .azure()
        case .vllm: .vllm
        case .ollama: .ollama
        case .llamacpp: .llamacpp
        }
    }

    /// The URL of `endpoint` (`chat/completions`, `embeddings`) under `baseURL` for `model`. For Azure
    /// `baseURL` is the resource (`https://NAME.openai.azure.com`), elsewhere the API root (`…/v1`).
    public func url(baseURL: String, endpoint: String, model: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        guard backend == .azure else { return "\(base)/\(endpoint)" }
        let deployment = model.addingPercentEncodingForPath()
        return "\(base)/openai/deployments/\(deployment)/\(endpoint)?api-version=\(apiVersion ?? "2024-10-21")"
    }

    /// Authentication headers for `apiKey` (none when it is empty, as local servers want).
    public func headers(apiKey: String) -> HTTPHeaders {
        guard !apiKey.isEmpty else { return [:] }
        return backend == .azure ? ["api-key": apiKey] : ["authorization": "Bearer \(apiKey)"]
    }

    enum CodingKeys: String, CodingKey {
        case backend, capabilities, schemaStyle = "schema_style", maxTokensField = "max_tokens_field", apiVersion = "api_version"
    }
}

extension String {
    /// Percent-encodes all but unreserved characters (RFC 3986), for one path segment.
    func addingPercentEncodingForPath() -> String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}
