import Crypto
import Foundation
import Hummingbird
import QuartermasterCore

/// The web UI, loaded from the bundled `Public` folder into memory at start and served with ETags.
/// Unknown non-API paths get `index.html`, so the UI's routes survive a reload.
struct StaticFilesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    struct File: Sendable {
        let body: ByteBuffer
        let contentType: String
        let etag: String
    }

    let files: [String: File]

    init(folder: String) {
        var files: [String: File] = [:]
        let root = URL(fileURLWithPath: folder)
        if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in enumerator {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                    let data = try? Data(contentsOf: url)
                else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
                let digest = SHA256.hash(data: data).prefix(8).hexString
                files[relative.hasPrefix("/") ? relative : "/" + relative] = File(
                    body: ByteBuffer(bytes: data), contentType: Self.contentType(url.pathExtension), etag: "\"\(digest)\"")
            }
        }
        self.files = files
    }

    static func contentType(_ fileExtension: String) -> String {
        switch fileExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json": return "application/json; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await next(request, context) }
        let path = request.uri.path
        if path.hasPrefix("/api/") || path == "/api" || path == "/healthz" || path == "/readyz" || path == "/metrics" {
            return try await next(request, context)
        }
        let file: File
        if let exact = files[path == "/" ? "/index.html" : path] {
            file = exact
        } else if path.contains(".") && !path.hasSuffix(".html") {
            return try await next(request, context)  // a missing asset is a 404, not the page
        } else if let index = files["/index.html"] {
            file = index
        } else {
            return try await next(request, context)
        }
        var headers: HTTPFields = [.contentType: file.contentType, .eTag: file.etag, .cacheControl: "no-cache"]
        if request.headers[.ifNoneMatch] == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: file.body))
    }
}
