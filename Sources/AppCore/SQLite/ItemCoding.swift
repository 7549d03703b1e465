import Foundation
import Shared

/// Items as the embedded store keeps them: the DynamoDB JSON wire form of the attribute map
/// (`{"Name":{"S":"x"}}`), which is lossless for all ten types.
enum ItemCoding {
    static func encode(_ item: Item) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(item), as: UTF8.self)
    }

    /// The item stored as `text` (Scan reads rows as strings through GRDB).
    static func decode(_ text: String, operation: String) throws(StoreError) -> Item {
        do {
            return try WireItemParser.item(from: text)
        } catch {
            throw unreadable(error, operation: operation)
        }
    }

    /// The item stored as `bytes` (GetItem reads them straight from SQLite's column).
    static func decode(_ bytes: UnsafeRawBufferPointer, operation: String) throws(StoreError) -> Item {
        do {
            return try WireItemParser.item(from: bytes)
        } catch {
            throw unreadable(error, operation: operation)
        }
    }

    private static func unreadable(_ error: WireItemError, operation: String) -> StoreError {
        StoreError(code: .failed, message: "a stored item is unreadable: \(error)", store: "sqlite", operation: operation)
    }
}
