import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import Synchronization

/// The web server's connections: Hummingbird's HTTP/1 channel with WebSocket upgrade, behind a guard
/// for connections that have not sent anything yet.
///
/// The upgrading channel adds its connection-state handler (the keep-alive idle timeout, and closing
/// on graceful shutdown) only once a first request has been read. A connection that sends nothing was
/// therefore never closed: one idle socket kept a shutting-down server waiting for as long as its
/// client kept it open (HTTP clients keep pooled connections for minutes).
struct GuardedHTTPChannel<Inner: ServerChildChannel>: ServerChildChannel {
    let inner: Inner
    /// How long a new connection may stay silent before it is closed.
    let firstRequestTimeout: TimeAmount
    let quiescing = QuiesceSignal()

    /// The guard goes in at once when this runs on the connection's event loop (it does, from the
    /// server's accept): a hop would let a quiesce sent just after the accept reach the pipeline
    /// before the guard.
    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        let (timeout, quiescing) = (firstRequestTimeout, quiescing)
        let addGuard: @Sendable () throws -> Void = {
            try channel.pipeline.syncOperations.addHandler(SilentConnectionGuard(timeout: timeout, quiescing: quiescing))
        }
        let added =
            channel.eventLoop.inEventLoop
            ? channel.eventLoop.makeCompletedFuture(withResultOf: addGuard) : channel.eventLoop.submit(addGuard)
        return added.flatMap { inner.setup(channel: channel, logger: logger) }
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with WebSocket upgrade (`router` answers the upgrade requests), keep-alive connections
    /// closed after `idleTimeout` without a request, new connections after `firstRequestTimeout`
    /// without a byte, and every connection that has sent nothing closed at once on graceful shutdown.
    static func guardedHTTP1WebSocketUpgrade<Builder: HTTPResponderBuilder>(
        webSocketRouter router: Builder, idleTimeout: TimeAmount, firstRequestTimeout: TimeAmount
    ) -> HTTPServerBuilder where Builder.Responder.Context: WebSocketRequestContext {
        let webSocketResponder = router.buildResponder()
        return HTTPServerBuilder { responder in
            GuardedHTTPChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder,
                    configuration: .init(http1: .init(idleTimeout: idleTimeout))),
                firstRequestTimeout: firstRequestTimeout)
        }
    }
}

/// Raised once any connection of a server has been told to quiesce. A connection the server accepted
/// as it began to shut down can be told before its pipeline has a guard to hear it; its guard, added
/// after, finds the signal raised instead.
final class QuiesceSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// First in a connection's pipeline: until the first byte arrives, closes the connection when the
/// server is told to quiesce (graceful shutdown) or when `timeout` passes. After that it only passes
/// everything on; the HTTP handlers behind it take over.
final class SilentConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let timeout: TimeAmount
    private let quiescing: QuiesceSignal
    private var heard = false
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, quiescing: QuiesceSignal) {
        self.timeout = timeout
        self.quiescing = quiescing
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !heard {
            heard = true
            disarm()
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            quiescing.raise()
            if !heard {
                context.close(promise: nil)
                return
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Starts the silence timer, or closes at once when the server is already shutting down.
    private func arm(_ context: ChannelHandlerContext) {
        guard timer == nil, !heard else { return }
        if quiescing.isRaised {
            context.close(promise: nil)
            return
        }
        let channel = context.channel
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self, !self.heard else { return }
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
