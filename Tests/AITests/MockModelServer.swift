import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import QuartermasterCore
import Synchronization

/// A request the mock server received.
struct MockRequest: Sendable {
    var method: String
    var uri: String
    var headers: [String: String]
    var body: String
    /// The body as JSON (`.null` when it is not).
    var json: JSONValue { (try? JSONReader.parse(body)) ?? .null }
}

/// What the mock server does with one request.
enum MockReply: Sendable {
    /// A whole answer.
    case answer(status: Int = 200, headers: [String: String] = [:], body: String)
    /// A `text/event-stream` answer sent one piece at a time; with `cut`, the connection is closed
    /// after the pieces without ending the body.
    case events([String], pause: Duration = .milliseconds(5), cut: Bool = false)
    /// Waits before answering.
    case stall(Duration, then: String)
}

/// An OpenAI-compatible server on loopback that answers from a script: `respond` gets each request and
/// its 0-based number.
final class MockModelServer: Sendable {
    let port: Int
    private let respond: @Sendable (MockRequest, Int) -> MockReply
    private let received = Mutex<[MockRequest]>([])

    private init(port: Int, respond: @escaping @Sendable (MockRequest, Int) -> MockReply) {
        self.port = port
        self.respond = respond
    }

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }
    var requests: [MockRequest] { received.withLock { $0 } }

    /// Runs `body` with a server that answers as `respond` says, then stops the server.
    @discardableResult
    static func with<T: Sendable>(
        _ respond: @escaping @Sendable (MockRequest, Int) -> MockReply, _ body: (MockModelServer) async throws -> T
    ) async throws -> T {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let server = MockModelServer(port: listener.channel.localAddress?.port ?? 0, respond: respond)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listener.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { handlers in
                        for try await connection in connections {
                            handlers.addTask { _ = try? await server.serve(connection) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body(server)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let value):
                    head = value
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let head else { continue }
                    var headers: [String: String] = [:]
                    for (name, value) in head.headers { headers[name.lowercased()] = value }
                    let request = MockRequest(method: "\(head.method)", uri: head.uri, headers: headers, body: String(buffer: body))
                    let number = received.withLock { list in
                        list.append(request)
                        return list.count - 1
                    }
                    // false: the connection is to be dropped.
                    guard try await reply(respond(request, number), outbound) else { return }
                }
            }
        }
    }

    private func reply(_ reply: MockReply, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws -> Bool {
        switch reply {
        case .answer(let status, let extra, let text):
            var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", "\(text.utf8.count)")])
            for (name, value) in extra { headers.add(name: name, value: value) }
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
            try await outbound.write(.end(nil))
            return true
        case .events(let pieces, let pause, let cut):
            let headers = HTTPHeaders([("content-type", "text/event-stream"), ("cache-control", "no-cache")])
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
            for piece in pieces {
                try await outbound.write(.body(.byteBuffer(ByteBuffer(string: piece))))
                try await Task.sleep(for: pause)
            }
            if cut { return false }
            try await outbound.write(.end(nil))
            return true
        case .stall(let wait, let text):
            try await Task.sleep(for: wait)
            return try await self.reply(.answer(body: text), outbound)
        }
    }

    // MARK: Answers in the OpenAI format

    static func completion(
        _ content: String?, toolCalls: [ToolCall] = [], prompt: Int = 11, completion: Int = 7, model: String = "mock-1"
    ) -> String {
        var message: [JSONMember] = [
            JSONMember("role", .string("assistant")), JSONMember("content", content.map(JSONValue.string) ?? .null),
        ]
        if !toolCalls.isEmpty {
            message.append(
                JSONMember(
                    "tool_calls",
                    .array(
                        toolCalls.map { call in
                            .object([
                                "id": .string(call.id), "type": .string("function"),
                                "function": .object(["name": .string(call.name), "arguments": .string(call.arguments)]),
                            ])
                        })))
        }
        return JSONValue.object([
            "id": .string("chatcmpl-1"), "object": .string("chat.completion"), "model": .string(model),
            "choices": .array([
                .object([
                    "index": .integer(0), "message": .object(message),
                    "finish_reason": .string(toolCalls.isEmpty ? "stop" : "tool_calls"),
                ])
            ]),
            "usage": .object([
                "prompt_tokens": .integer(prompt), "completion_tokens": .integer(completion), "total_tokens": .integer(prompt + completion),
            ]),
        ]).serialized
    }

    /// One `data:` event with a chunk whose first choice has `delta`.
    static func chunk(_ delta: JSONValue, finish: String? = nil) -> String {
        let choice: JSONValue = .object([
            "index": .integer(0), "delta": delta, "finish_reason": finish.map(JSONValue.string) ?? .null,
        ])
        return "data: " + JSONValue.object(["id": .string("c"), "model": .string("mock-1"), "choices": .array([choice])]).serialized
            + "\n\n"
    }

    static func error(_ message: String, type: String) -> String {
        JSONValue.object(["error": .object(["message": .string(message), "type": .string(type), "code": .string(type)])]).serialized
    }
}
