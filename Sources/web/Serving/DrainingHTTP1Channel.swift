import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with a ``DrainHandler`` on each connection, so that a
/// graceful shutdown ends keep-alive connections without failing a request (see
/// ``ConnectionDrain``). Used by both ways `web` serves: Hummingbird's own server (bound
/// socket) and ``InheritedSocketServer``.
struct DrainingHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// How long a connection must have been idle before a draining server closes it. Longer is
    /// safer (a client's pooled connection may sit idle a while on a loaded machine: at 500 ms the
    /// full test suite saw 9 of 235 requests closed under it) and only delays the exit of a
    /// process whose clients keep idle connections open, well within the default 5 s grace.
    static let idleGrace = TimeAmount.seconds(2)

    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // Right after NIO's request decoder, where requests and responses are NIOHTTP1's
            // parts: the configuration's additionalChannelHandlers would come after
            // Hummingbird's own codec, whose part types this package cannot name.
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try operations.addHandler(DrainHandler(idleGrace: Self.idleGrace), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with ``DrainingHTTP1Channel``.
    static var drainingHTTP1: HTTPServerBuilder {
        HTTPServerBuilder { responder in DrainingHTTP1Channel(base: HTTP1Channel(responder: responder)) }
    }
}
