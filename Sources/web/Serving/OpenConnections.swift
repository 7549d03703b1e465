import NIOConcurrencyHelpers
import NIOCore

/// The connections one ``InheritedSocketServer`` has accepted, so that its graceful shutdown
/// can tell each one to quiesce (what NIOExtras' `ServerQuiescingHelper` does inside
/// Hummingbird's own server; NIOExtras is not one of this package's dependencies).
final class OpenConnections: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var quiescing = false
    }

    private let state = NIOLockedValueBox(State())

    /// Keeps `channel` until it closes; one accepted after the shutdown began quiesces at once.
    func add(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let quiescing = state.withLockedValue { state in
            state.channels[id] = channel
            return state.quiescing
        }
        channel.closeFuture.whenComplete { _ in
            self.state.withLockedValue { _ = $0.channels.removeValue(forKey: id) }
        }
        if quiescing { Self.quiesce(channel) }
    }

    /// Sends `ChannelShouldQuiesceEvent` to every open connection, now and to later ones.
    func quiesceAll() {
        let channels = state.withLockedValue { state in
            state.quiescing = true
            return Array(state.channels.values)
        }
        channels.forEach(Self.quiesce)
    }

    /// On the channel's event loop, after its pipeline is complete (a channel is added while it
    /// is being set up).
    private static func quiesce(_ channel: any Channel) {
        channel.eventLoop.execute {
            channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }
}
