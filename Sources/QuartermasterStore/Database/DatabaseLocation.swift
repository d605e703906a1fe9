import PostgresNIO

/// A parsed database URL.
public enum DatabaseLocation: Sendable {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    public struct InvalidURL: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(url: String) throws {
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw InvalidURL(description: "sqlite URL has no file path: \(url)") }
            self = .sqlite(path: path)
            return
        }
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { url.hasPrefix($0) }) else {
            throw InvalidURL(description: "unsupported database URL '\(url)': use sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var query = ""
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        var userInfo: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        let hostPort: Substring
        var database = ""
        if let slash = rest.firstIndex(of: "/") {
            hostPort = rest[..<slash]
            database = String(rest[rest.index(after: slash)...])
        } else {
            hostPort = rest
        }
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            guard let p = Int(hostPort[hostPort.index(after: colon)...]) else {
                throw InvalidURL(description: "invalid port in database URL")
            }
            port = p
        }
        var user = "postgres"
        var password: String?
        if !userInfo.isEmpty {
            if let colon = userInfo.firstIndex(of: ":") {
                user = String(userInfo[..<colon]).removingPercentEncodingPortable
                password = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncodingPortable
            } else {
                user = String(userInfo).removingPercentEncodingPortable
            }
        }
        var socketPath: String?
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2, kv[0] == "host" { socketPath = kv[1].removingPercentEncodingPortable }
        }
        if database.isEmpty { database = user }
        if let socketPath {
            let socket = socketPath.hasSuffix(".s.PGSQL.\(port)") ? socketPath : socketPath + "/.s.PGSQL.\(port)"
            self = .postgres(PostgresSettings(endpoint: .socket(socket), username: user, password: password, database: database))
        } else {
            if host.isEmpty { host = "localhost" }
            self = .postgres(
                PostgresSettings(endpoint: .tcp(host: host, port: port), username: user, password: password, database: database))
        }
    }
}

/// Where and as whom to connect to PostgreSQL; makes the client (pool) and single-connection configurations.
public struct PostgresSettings: Sendable, Hashable {
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case socket(String)
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String

    public init(endpoint: Endpoint, username: String, password: String?, database: String) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
    }

    public var clientConfiguration: PostgresClient.Configuration {
        switch endpoint {
        case .tcp(let host, let port):
            return .init(host: host, port: port, username: username, password: password, database: database, tls: .disable)
        case .socket(let path):
            return .init(unixSocketPath: path, username: username, password: password, database: database)
        }
    }

    public var connectionConfiguration: PostgresConnection.Configuration {
        switch endpoint {
        case .tcp(let host, let port):
            return .init(host: host, port: port, username: username, password: password, database: database, tls: .disable)
        case .socket(let path):
            return .init(unixSocketPath: path, username: username, password: password, database: database)
        }
    }

    /// The same server, another database (tests create one database per test).
    public func with(database: String) -> PostgresSettings {
        var copy = self
        copy.database = database
        return copy
    }
}

extension String {
    /// Percent-decoding without Foundation.
    var removingPercentEncodingPortable: String {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let h = iterator.next(), let l = iterator.next(),
                let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
