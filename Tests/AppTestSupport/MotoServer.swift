import AsyncHTTPClient
import Foundation
import PeerSupport
import Shared

/// moto's server (`moto_server` from pip `moto[server]`) on 127.0.0.1 and a free port, started
/// by `Peers/run_moto.py`, which reports the port once moto answers and kills it (moto ignores
/// SIGTERM) when its stdin closes or the launcher dies; see ``PeerProcess``.
public struct MotoServer: Sendable {
    /// The launcher.
    public let peer: PeerProcess

    /// The credentials the tests sign with (moto checks no signature unless told to).
    public static let credentials = AWSCredentials(accessKeyID: "AKIDMOTOTESTING00001", secretAccessKey: "motoSecretKeyForTests/abcdefghijklmnopqrst")

    /// Fast retries, so that fault tests take milliseconds, not seconds.
    public static let fastRetry = RetryStrategy(maxAttempts: 3, baseDelay: .milliseconds(20), maxBackoff: .milliseconds(200))

    static let launcher = Peers.repositoryRoot.appendingPathComponent("Tests/AppTestSupport/Peers/run_moto.py")

    /// The port.
    public var port: Int { peer.port }

    /// The endpoint URL.
    public var endpoint: String { peer.endpoint }

    /// Whether it is still running.
    public var isRunning: Bool { peer.isRunning }

    /// Starts a server with `environment` (such as `INITIAL_NO_AUTH_ACTION_COUNT`) and waits until
    /// it answers.
    public static func start(environment: [String: String] = [:]) async throws -> MotoServer {
        MotoServer(peer: try await PeerProcess.python(launcher, [], environment: environment))
    }

    /// Stops the server and waits for it to exit.
    public func stop() {
        peer.stop()
    }

    /// Runs `body` with a started server, stopping it afterwards, also on failure.
    public static func with<T>(environment: [String: String] = [:], _ body: (MotoServer) async throws -> T) async throws -> T {
        try await PeerProcess.with({ try await start(environment: environment).peer }) { try await body(MotoServer(peer: $0)) }
    }

    /// The environment a process needs to use this server as DynamoDB.
    public var clientEnvironment: [String: String] {
        [
            "STORE_URL": "dynamodb:",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            "AWS_ACCESS_KEY_ID": Self.credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": Self.credentials.secretAccessKey,
        ]
    }

    /// A DynamoDB client of `endpoint` in us-east-1: a server's, or a proxy's in front of one.
    public static func client(
        endpoint: String,
        credentials: AWSCredentials = MotoServer.credentials,
        retry: RetryStrategy = MotoServer.fastRetry,
        timeout: Duration = .seconds(20)
    ) throws -> DynamoDBClient {
        try DynamoDBClient(
            region: "us-east-1",
            endpoint: endpoint,
            credentials: StaticCredentialsProvider(credentials),
            httpClient: HTTPClient.shared,
            retry: retry,
            timeout: timeout
        )
    }
}
