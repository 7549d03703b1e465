import AppCore
import Foundation
import Testing

/// The dynamic config over a real file.
@Suite("Dynamic config")
struct DynamicConfigTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("formation-config-\(UUID().uuidString).json").path

    func write(_ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("reads TableName; refresh tells changed from unchanged; a failure keeps the last good table")
    func refresh() async throws {
        try write(#"{"TableName": "One"}"#)
        let config = try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: "Fallback")
        #expect(await config.tableName == "One")
        #expect(try await config.refresh() == .unchanged)
        try write(#"{"TableName": "Two", "Other": 1}"#)
        #expect(try await config.refresh() == .changed(tableName: "Two"))
        #expect(await config.tableName == "Two")
        try write("[1, 2]")
        let error = await #expect(throws: ConfigFetchError.self) { try await config.refresh() }
        #expect(error?.reason == "the document is not a JSON object")
        #expect(await config.tableName == "Two")
        try FileManager.default.removeItem(atPath: path)
        let gone = await #expect(throws: ConfigFetchError.self) { try await config.refresh() }
        #expect(gone?.description.hasPrefix("config source file:\(path): cannot read the file") == true)
        #expect(await config.tableName == "Two")
    }

    @Test("TABLE_NAME is the fallback when the document names no table; without either it is an error")
    func fallback() async throws {
        try write(#"{"Other": true}"#)
        let config = try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: "Fallback")
        #expect(await config.tableName == "Fallback")
        await #expect(throws: ConfigFetchError.self) {
            _ = try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: nil)
        }
        try write(#"{"TableName": ""}"#)
        await #expect(throws: ConfigFetchError.self) {
            _ = try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: "Fallback")
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
