import AsyncHTTPClient
import Foundation
import PeerSupport
import Shared

/// The local AppConfig Data API and AppConfig Agent, `Tests/SharedTests/Peers/appconfig_server.py`
/// (moto has no AppConfig Data API): it follows the documented contract, counts every call, and
/// can fail or hold the Data API's calls (``AppConfigPeer+Control``); see ``PeerProcess``.
public struct AppConfigPeer: Sendable {
    /// The bearer token the Agent endpoint wants.
    public static let agentToken = "agent-bearer-token"
    /// The application, environment and profile it serves.
    public static let application = "formation", environment = "test", profile = "main"

    let peer: PeerProcess

    /// Starts it; its answers say `Next-Poll-Interval-In-Seconds: pollSeconds`.
    public init(pollSeconds: Int = 30) async throws {
        let script = Peers.repositoryRoot.appendingPathComponent("Tests/SharedTests/Peers/appconfig_server.py")
        peer = try await PeerProcess.python(
            script, [Self.application, Self.environment, Self.profile, Self.agentToken, String(pollSeconds)])
    }

    init(peer: PeerProcess) {
        self.peer = peer
    }

    /// Its URL.
    public var endpoint: String { peer.endpoint }

    /// The port it listens on, on 127.0.0.1.
    public var port: Int { peer.port }

    /// Stops it.
    public func stop() {
        peer.stop()
    }

    /// Runs `body` with a started peer, stopping it afterwards, also on failure.
    public static func with<T>(pollSeconds: Int = 30, _ body: (AppConfigPeer) async throws -> T) async throws -> T {
        try await PeerProcess.with({ try await AppConfigPeer(pollSeconds: pollSeconds).peer }) { try await body(AppConfigPeer(peer: $0)) }
    }

    /// A Data API client of it (moto's test credentials, fast retries, a 2 s timeout), whose
    /// poll interval runs on `clock`.
    /// `timeout`: each attempt's; a test that holds calls gives one longer than its hold, so that
    /// a loaded machine's slow release is not a timeout and a retried call.
    public func dataClient(
        clock: ManualInstant, application: String = AppConfigPeer.application, timeout: Duration = .seconds(2)
    ) throws -> AppConfigDataClient {
        try AppConfigDataClient(
            application: application, environment: Self.environment, profile: Self.profile, region: "us-east-1", endpoint: endpoint,
            credentials: StaticCredentialsProvider(MotoServer.credentials), httpClient: HTTPClient.shared,
            requiredMinimumPollInterval: 15, retry: MotoServer.fastRetry, timeout: timeout, now: clock.now
        )
    }
}
