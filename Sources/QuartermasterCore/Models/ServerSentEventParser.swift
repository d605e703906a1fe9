/// One server-sent event.
public struct ServerSentEvent: Sendable, Hashable {
    public var event: String
    /// The `data:` lines joined with "\n".
    public var data: String
    public var id: String?
    /// The `retry:` field in milliseconds, when given.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// Reads a `text/event-stream` body (WHATWG HTML, "server-sent events") fed in chunks of any size:
/// lines may end in CRLF, LF or CR, a chunk may end anywhere (inside a line, between CR and LF, inside
/// a UTF-8 sequence). An event is dispatched at a blank line; an unfinished event at the end is dropped.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var atStart = true
    private var event = ""
    private var data: [String] = []
    private var hasData = false
    private var id: String?
    private var retry: Int?
    /// A line longer than this is cut, so a server that never ends a line cannot exhaust memory.
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 8 << 20) { self.maxLineBytes = maxLineBytes }

    /// Reads `bytes` and returns the events they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\r"):
                lastWasCR = true
                endLine(into: &events)
            case UInt8(ascii: "\n"):
                endLine(into: &events)
            default:
                if line.count < maxLineBytes { line.append(byte) }
            }
        }
        return events
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if atStart {
            atStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty {
            if hasData {
                events.append(
                    ServerSentEvent(event: event.isEmpty ? "message" : event, data: data.joined(separator: "\n"), id: id, retry: retry))
            }
            event = ""
            data = []
            hasData = false
            retry = nil
            return
        }
        if line.first == UInt8(ascii: ":") { return }  // a comment, e.g. a keep-alive
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let field = String(decoding: line[..<(colon ?? line.endIndex)], as: UTF8.self)
        var valueStart = colon.map { line.index(after: $0) } ?? line.endIndex
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        switch field {
        case "data":
            data.append(value)
            hasData = true
        case "event": event = value
        case "id" where !value.contains("\0"): id = value
        case "retry": retry = Int(value)
        default: break
        }
    }
}
