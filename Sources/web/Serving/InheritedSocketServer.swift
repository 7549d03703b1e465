import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Serves HTTP on a listening socket this process was given (socket activation, or the
/// supervisor's `--socket web`), instead of binding one.
///
/// Why it exists: Hummingbird 2.28's server only binds a `BindAddress` (host and port, or a
/// Unix socket path) and cannot take a socket that is already bound and listening. So this is
/// Hummingbird's accept loop over public API: NIO's `ServerBootstrap.bind(_:)` on the inherited
/// descriptor (`withBoundSocket`'s async form), with HummingbirdCore's child channel
/// (``DrainingHTTP1Channel``) handling each connection. On graceful shutdown it stops accepting
/// by closing its copy of the listening socket first (the socket itself stays open in whoever
/// passed it, and connections waiting in its queue go to the processes still accepting), then
/// drains every open connection (``ConnectionDrain``).
struct InheritedSocketServer<Child: ServerChildChannel>: Service {
    let descriptor: Int32
    let childChannel: Child
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    /// Called once the socket is being served.
    let onServerRunning: @Sendable (any Channel) async -> Void

    func run() async throws {
        let connections = OpenConnections()
        let child = childChannel
        let logger = logger
        let server = try await ServerBootstrap(group: eventLoopGroup)
            // Hummingbird's own settings: its backlog, and half-closure for HTTP/1.
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .bind(descriptor) { channel in
                connections.add(channel)
                return child.setup(channel: channel, logger: logger)
            }
        await onServerRunning(server.channel)
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            group.addTask { await child.handle(value: connection, logger: logger) }
                        }
                    }
                } catch {
                    logger.error("accepting connections failed", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            connections.quiesceAll()
        }
    }
}
