import Hummingbird
import HummingbirdWebSocket
import NIOCore
import QuartermasterCore
import QuartermasterStore

/// The context of every request: the core storage, the authenticated principal when there is one,
/// the client's address, and the WebSocket handler slot.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    /// Set by `AuthMiddleware` when the request carries a valid credential.
    public var principal: Principal?
    /// The peer's IP address (loopback, proxy or client).
    public let clientIP: String
    /// Body limit in bytes; set from configuration by `LimitsMiddleware`.
    public var bodyLimit: Int = 1 << 20

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.clientIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    public var maxUploadSize: Int { bodyLimit }
    public var requestDecoder: StrictJSONDecoder { StrictJSONDecoder() }
}

/// A request that is known to be authenticated: its tenant cannot be forgotten by a handler.
public struct TenantContext: ChildRequestContext {
    public typealias ParentContext = AppRequestContext
    public var coreContext: CoreRequestContextStorage
    public let principal: Principal
    public let clientIP: String
    public let bodyLimit: Int

    public init(context: AppRequestContext) throws {
        guard let principal = context.principal else { throw Problem.unauthorized("authentication required") }
        self.coreContext = context.coreContext
        self.principal = principal
        self.clientIP = context.clientIP
        self.bodyLimit = context.bodyLimit
    }

    public var tenant: Tenant { Tenant(organizationID: principal.organizationID) }
    public var maxUploadSize: Int { bodyLimit }
    public var requestDecoder: StrictJSONDecoder { StrictJSONDecoder() }

    /// Throws 403 unless the principal holds one of `roles`.
    public func require(_ roles: Role...) throws {
        guard principal.holdsAny(of: Set(roles)) else {
            throw Problem.forbidden("this action needs the role \(roles.map(\.rawValue).joined(separator: " or "))")
        }
    }
}
