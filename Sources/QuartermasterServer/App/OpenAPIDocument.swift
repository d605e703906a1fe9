/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.
enum OpenAPIDocument {
    static let json = """
        {"openapi":"3.1.0","info":{"title":"Quartermaster API","version":"0.1.0"},"paths":{}}
        """
}
