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
/// Hummingbird's accept loop over public API: HummingbirdCore's child channel
/// (``DrainingHTTP1Channel``) on each connection, which NIO takes over from the descriptor
/// (`ClientBootstrap.withConnectedSocket`). The accepting itself is ``SharedSocketAcceptor``'s
/// rather than NIO's `ServerBootstrap.bind(_:)` (`withBoundSocket`), which would be the shortest
/// route but asserts, in debug builds, when another process took the connection first.
///
/// On graceful shutdown it stops accepting first (the socket stays open in whoever passed it,
/// and the connections waiting in its queue go to the processes still accepting), then drains
/// every open connection (``ConnectionDrain``).
struct InheritedSocketServer<Child: ServerChildChannel>: Service {
    let descriptor: Int32
    let childChannel: Child
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    /// Called once the socket is being served, with its address.
    let onServerRunning: @Sendable (String) async -> Void

    func run() async throws {
        let acceptor = try SharedSocketAcceptor(descriptor: descriptor)
        // Threads of its own for the blocking wait, so that no pool another library uses
        // (name resolution, file I/O) loses a thread for the server's lifetime; and one for
        // the warm-up's blocking requests, which run while the other waits to accept.
        let waiter = NIOThreadPool(numberOfThreads: 2)
        waiter.start()
        let connections = OpenConnections()
        let child = childChannel
        let logger = logger
        let eventLoopGroup = eventLoopGroup
        let address = acceptor.localAddress ?? "fd \(descriptor)"
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withDiscardingTaskGroup { group in
                    // Warm up, then say READY=1 (onServerRunning), while accepting from the start
                    // as before: a manager waits for READY=1 before it moves clients over (see
                    // ServerWarmUp). The server ends of the warm-up's connections are served like
                    // accepted ones, in tasks that may outlive the warm-up's own time limit.
                    group.addTask {
                        await withDiscardingTaskGroup { warmUp in
                            await ServerWarmUp.run(on: waiter, logger: logger) { descriptor in
                                warmUp.addTask { await Self.serve(descriptor, child: child, on: eventLoopGroup, connections: connections, logger: logger) }
                            }
                            await onServerRunning(address)
                        }
                    }
                    while let accepted = await Self.next(from: acceptor, on: waiter, logger: logger) {
                        // Each connection is set up in its own task, as Hummingbird's own server
                        // does in its child channel initializer: awaiting each setup in turn here
                        // made the last of a burst (every client of a draining instance
                        // reconnecting at once) wait for all the others' hops between threads.
                        for descriptor in accepted {
                            group.addTask { await Self.serve(descriptor, child: child, on: eventLoopGroup, connections: connections, logger: logger) }
                        }
                    }
                }
            } onCancel: {
                acceptor.stop()
            }
        } onGracefulShutdown: {
            acceptor.stop()
            connections.quiesceAll()
        }
        try? await waiter.shutdownGracefully()
    }

    /// Serves one connected socket until it closes: HummingbirdCore's child channel, which NIO
    /// takes over from the descriptor.
    private static func serve(_ descriptor: Int32, child: Child, on eventLoopGroup: any EventLoopGroup, connections: OpenConnections, logger: Logger) async {
        do {
            // Hummingbird's child channel option: half-closure, for HTTP/1.
            let bootstrap = ClientBootstrap(group: eventLoopGroup).channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            let connection = try await bootstrap.withConnectedSocket(descriptor) { channel in
                connections.add(channel)
                return child.setup(channel: channel, logger: logger)
            }
            await child.handle(value: connection, logger: logger)
        } catch {
            logger.warning("setting up an accepted connection failed", metadata: ["error": "\(error)"])
        }
    }

    /// The next connections; nil once the acceptor is stopped. A failing `accept` (out of
    /// descriptors, ...) is logged and retried after 100 ms, as NIO's own server does.
    private static func next(from acceptor: SharedSocketAcceptor, on waiter: NIOThreadPool, logger: Logger) async -> [Int32]? {
        while true {
            let outcome: SharedSocketAcceptor.Outcome
            do {
                outcome = try await waiter.runIfActive { acceptor.next() }
            } catch {
                return nil  // the thread pool is stopping
            }
            switch outcome {
            case .connections(let accepted):
                return accepted
            case .stopped:
                return nil
            case .failed(let errno):
                logger.error("accept failed on the inherited socket", metadata: ["errno": "\(errno)"])
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
