import Foundation
import PeerSupport

/// The fault proxy, `Tests/AppEndToEndTests/Peers/delay_proxy.py`: an HTTP proxy in front of
/// moto whose GetItem requests wait a while (to keep a `/hello` in flight), can be held until
/// released, or answered with DynamoDB's throttling errors (``DelayProxy+Control``); see
/// ``PeerProcess``.
public struct DelayProxy: Sendable {
    let peer: PeerProcess

    /// Starts the proxy to `upstream` with `delay` seconds on each GetItem.
    public init(upstream: String, delay: Double = 0) async throws {
        let script = Peers.repositoryRoot.appendingPathComponent("Tests/AppEndToEndTests/Peers/delay_proxy.py")
        peer = try await PeerProcess.python(script, [upstream, String(delay)])
    }

    /// Seconds a test waits, once web answers, before it sends the request it means to be slow:
    /// web's warm-up reads the store (two `/hello`, one after the other) before `READY=1`, and
    /// a request that came while one of those reads waited in the proxy would share it.
    public static let warmUpReads = 4.5

    /// The proxy's URL.
    public var endpoint: String { peer.endpoint }

    /// Stops the proxy.
    public func stop() {
        peer.stop()
    }

    /// Runs `body` with a proxy to `upstream`, stopping it afterwards, also on failure.
    public static func with<T>(upstream: String, delay: Double = 0, _ body: (DelayProxy) async throws -> T) async throws -> T {
        try await PeerProcess.with({ try await DelayProxy(upstream: upstream, delay: delay).peer }) { try await body(DelayProxy(peer: $0)) }
    }

    init(peer: PeerProcess) {
        self.peer = peer
    }
}
