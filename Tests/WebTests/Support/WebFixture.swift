import AppCore
import Foundation
import Shared
@testable import web

/// A real embedded store in a temporary directory, seeded with the reference table, and a real
/// config file naming it.
final class WebFixture: Sendable {
    let directory: URL
    let store: SQLiteStore
    let configPath: String

    init(table: String = "TwelveFactorApp", item: Item? = ReferenceItem.seed) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
        try await store.createTable(ReferenceItem.schema(table))
        if let item { try await store.putItem(table: table, item: item) }
        configPath = directory.appendingPathComponent("app-config.json").path
        try writeConfig(#"{"TableName": "\#(table)"}"#)
    }

    func writeConfig(_ text: String) throws {
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func dependencies(store override: (any ItemStore)? = nil, settings: WebSettings = WebSettings(host: "127.0.0.1", port: 0)) async throws -> AppDependencies {
        let config = DynamicConfig(source: FileConfigSource(path: configPath), fallbackTableName: nil)
        _ = try await config.loadInitial()
        return AppDependencies(store: override ?? store, config: config, settings: settings)
    }

    func remove() async {
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
