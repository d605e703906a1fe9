import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import QuartermasterCore

/// One HTTP exchange with a vendor under a time limit covering the whole answer, with failures
/// told apart as `VendorError`s. Error statuses are returned, not thrown: each contract reads them.
struct VendorTransport: Sendable {
    let client: HTTPClient
    let timeout: Duration

    /// Answers larger than this are refused as malformed.
    static let maxBodyBytes = 8 << 20

    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(
        _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws(VendorError) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let prepared = request
        let limit = timeout
        let milliseconds = Int64(limit.components.seconds) * 1_000 + limit.components.attoseconds / 1_000_000_000_000_000
        do {
            return try await withThrowingTaskGroup(of: Answer?.self) { group in
                group.addTask {
                    // The client's own deadline is a backstop; the race below decides.
                    let response = try await client.execute(prepared, timeout: .milliseconds(milliseconds + 1_000))
                    let bytes = try await response.body.collect(upTo: Self.maxBodyBytes)
                    return Answer(status: Int(response.status.code), headers: response.headers, body: Array(buffer: bytes))
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let answer = first else { throw VendorError.timeout(milliseconds: milliseconds) }
                return answer
            }
        } catch let error as VendorError {
            throw error
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: throw .timeout(milliseconds: milliseconds)
            default: throw .connection(String(describing: error))
            }
        } catch is NIOTooManyBytesError {
            throw .malformed("the answer is larger than \(Self.maxBodyBytes) bytes")
        } catch {
            throw .connection(String(describing: error))
        }
    }
}
