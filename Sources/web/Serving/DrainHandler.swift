import NIOCore
import NIOHTTP1

/// Carries out ``ConnectionDrain`` on one connection. It sits right after NIO's HTTP/1 request
/// decoder (see ``DrainingHTTP1Channel``), and keeps the server's `ChannelShouldQuiesceEvent`
/// from reaching Hummingbird's `HTTPConnectionStateHandler`, which would close idle
/// connections at once.
final class DrainHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// How long a client has, after the last response written with `Connection: close`, to read
    /// it and close its side before the connection is closed outright.
    static let lingerLimit = TimeAmount.seconds(2)

    private var drain: ConnectionDrain
    private var idleCheck: Scheduled<Void>?
    private var linger: Scheduled<Void>?

    init(idleGrace: TimeAmount) {
        drain = ConnectionDrain(idleGrace: idleGrace, now: .now())
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { drain.requestBegan() }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where drain.responseHeadWillBeWritten():
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            context.write(data, promise: promise)
            perform(drain.responseEnded(now: .now()), context: context)
        default:
            context.write(data, promise: promise)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        perform(drain.quiesce(now: .now()), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
    }

    private func perform(_ action: ConnectionDrain.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .closeAfterResponse:
            // Output first: the response is flushed and a FIN follows it, while anything the
            // client already sent is still read (closing with unread data would send a reset,
            // which can destroy the response before the client reads it).
            context.flush()
            context.close(mode: .output, promise: nil)
            linger = context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerLimit) {
                context.close(promise: nil)
            }
        case .closeIdle:
            context.close(promise: nil)
        case .checkIdle(let deadline):
            idleCheck?.cancel()
            idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
                idleCheck = nil
                perform(drain.idleCheck(now: .now()), context: context)
            }
        }
    }

    private func cancelTimers() {
        idleCheck?.cancel()
        idleCheck = nil
        linger?.cancel()
        linger = nil
    }
}

@available(*, unavailable)
extension DrainHandler: Sendable {}
