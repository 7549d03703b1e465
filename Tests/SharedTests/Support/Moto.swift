import AppTestSupport
import AsyncHTTPClient
import Foundation
import Shared

/// Helpers for tests against moto's server; its credentials and clients are ``MotoServer``'s.
enum Moto {
    /// One moto server for the whole test process, started on first use. It stops when the test
    /// process exits: its launcher kills it as soon as its stdin (our pipe) closes.
    private static let sharedServer = SharedMoto()

    /// Runs `body` with the process's moto server and a client of it. Tests use
    /// ``uniqueName(_:)`` for their tables, so they can run in parallel.
    static func withServer<T>(_ body: (DynamoDBClient, MotoServer) async throws -> T) async throws -> T {
        let server = try await sharedServer.get()
        return try await body(try MotoServer.client(endpoint: server.endpoint), server)
    }

    /// Runs `body` with a moto server of its own (for settings such as signature checking).
    static func withOwnServer<T>(environment: [String: String], _ body: (MotoServer) async throws -> T) async throws -> T {
        try await MotoServer.with(environment: environment, body)
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
