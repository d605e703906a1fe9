import Foundation

/// The OpenAPI 3.1 description of the API (bundled `OpenAPI/openapi.json`), served at `/api/v1/openapi.json`.
enum OpenAPIDocument {
    static let json: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "OpenAPI"),
            let data = try? Data(contentsOf: url)
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }()
}
