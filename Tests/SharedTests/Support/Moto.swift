import AsyncHTTPClient
import Foundation
import Shared

/// Helpers for tests against moto's server.
enum Moto {
    static let credentials = AWSCredentials(accessKeyID: "AKIDMOTOTESTING00001", secretAccessKey: "motoSecretKeyForTests/abcdefghijklmnopqrst")

    /// Fast retries so that fault tests take milliseconds, not seconds.
    static let fastRetry = RetryStrategy(maxAttempts: 3, baseDelay: .milliseconds(20), maxBackoff: .milliseconds(200))

    static func client(
        endpoint: String,
        credentials: AWSCredentials = Moto.credentials,
        retry: RetryStrategy = Moto.fastRetry,
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

    /// One moto server for the whole test process, started on first use. It stops when the test
    /// process exits: Peers/run_moto.py kills it as soon as its stdin (our pipe) closes.
    private static let sharedServer = SharedPeer { try await PeerProcess.moto() }

    /// Runs `body` with the process's moto server and a client of it. Tests use
    /// ``uniqueName(_:)`` for their tables, so they can run in parallel.
    static func withServer<T>(_ body: (DynamoDBClient, PeerProcess) async throws -> T) async throws -> T {
        let peer = try await sharedServer.get()
        return try await body(try client(endpoint: peer.baseURL), peer)
    }

    /// Runs `body` with a moto server of its own (for settings such as signature checking).
    static func withOwnServer<T>(environment: [String: String], _ body: (PeerProcess) async throws -> T) async throws -> T {
        try await PeerProcess.with({ try await PeerProcess.moto(environment: environment) }, body)
    }

    /// `base` plus a random suffix.
    static func uniqueName(_ base: String) -> String {
        "\(base)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A table keyed by `pk` (S) and `sk` (N).
    static func createTable(_ client: DynamoDBClient, _ name: String) async throws {
        _ = try await client.createTable(CreateTableInput(
            tableName: name,
            keySchema: [KeySchemaElement("pk", .hash), KeySchemaElement("sk", .range)],
            attributeDefinitions: [AttributeDefinition("pk", .s), AttributeDefinition("sk", .n)]
        ))
        try await client.waitUntilActive(name, poll: .milliseconds(100))
    }
}
