import AppCore
import Foundation
import Shared
import Testing

/// `loadInitial()`: what a process does with the dynamic config at start.
@Suite("Dynamic config at start")
struct DynamicConfigStartupTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("formation-config-\(UUID().uuidString).json").path

    func write(_ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("the document's TableName, else TABLE_NAME; neither, or an unreadable document, is an error")
    func startup() async throws {
        try write(#"{"TableName": "One"}"#)
        #expect(try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: "Fallback").loadInitial() == "One")
        try write(#"{"Other": "x"}"#)
        #expect(try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: "Fallback").loadInitial() == "Fallback")
        let none = await #expect(throws: DynamicConfigError.self) {
            _ = try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: nil).loadInitial()
        }
        #expect(none?.reason == "the document has no TableName and TABLE_NAME is not set")
        try write("{broken")
        let broken = await #expect(throws: DynamicConfigError.self) {
            _ = try await DynamicConfig(source: FileConfigSource(path: path), fallbackTableName: "Fallback").loadInitial()
        }
        #expect(broken?.description.contains("not valid JSON") == true)
        try? FileManager.default.removeItem(atPath: path)
    }
}
