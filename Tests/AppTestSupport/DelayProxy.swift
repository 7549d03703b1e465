import Foundation
import PeerSupport

/// `Tests/AppEndToEndTests/Peers/delay_proxy.py`: an HTTP proxy in front of moto whose GetItem
/// requests wait a while, to keep a `/hello` in flight; see ``PeerProcess``.
public struct DelayProxy: Sendable {
    let peer: PeerProcess

    /// Starts the proxy to `upstream` with `delay` seconds on each GetItem.
    public init(upstream: String, delay: Double) async throws {
        let script = Peers.repositoryRoot.appendingPathComponent("Tests/AppEndToEndTests/Peers/delay_proxy.py")
        peer = try await PeerProcess.python(script, [upstream, String(delay)])
    }

    /// The proxy's URL.
    public var endpoint: String { peer.endpoint }

    /// Stops the proxy.
    public func stop() {
        peer.stop()
    }
}
