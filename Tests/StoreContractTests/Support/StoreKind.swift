import AppCore
import AppTestSupport
import Foundation
import Shared
import Testing

/// The two stores the contract runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case dynamodb

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh store of this kind: a new SQLite file, or a client of the
    /// suite's moto server (tables get unique names, see ``uniqueTable(_:)``).
    func withStore(_ body: (any ItemStore) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-store-\(UUID().uuidString)")
            let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
            do {
                try await body(store)
            } catch {
                await store.close()
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
            await store.close()
            try? FileManager.default.removeItem(at: directory)
        case .dynamodb:
            let server = try #require(MotoScope.current, "the suite needs the .moto trait")
            let client = try MotoServer.client(endpoint: server.endpoint)
            try await body(DynamoDBStore(client: client, pollInterval: .milliseconds(50), waitTimeout: .seconds(30)))
        }
    }
}

/// A table name no other test uses.
func uniqueTable(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}
