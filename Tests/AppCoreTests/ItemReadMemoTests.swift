import AppCore
import Foundation
import Shared
import Testing

/// The embedded store's GetItem keeps the last item it decoded with its bytes; a read whose
/// bytes differ in any way, even at the same length, decodes them anew.
@Suite("SQLiteStore GetItem: the last item kept by its bytes")
struct ItemReadMemoTests {
    @Test("an item rewritten by another handle is read anew each time, same length or not")
    func rewrites() async throws {
        let file = StoreFile("memo")
        defer { file.remove() }
        let path = file.path
        let reader = try SQLiteStore(path: path)
        try await reader.createTable(TableSchema(name: "t", partitionKey: KeyAttribute("id", .s)))
        let writer = try SQLiteStore(path: path)
        let key: Item = ["id": "a"]
        for value in ["teal", "lime", "lime", "teal", "a much longer value", "teal"] {
            try await writer.putItem(table: "t", item: ["id": "a", "v": .s(value)])
            for _ in 0..<3 {
                #expect(try await reader.getItem(table: "t", key: key) == ["id": "a", "v": .s(value)])
            }
        }
        // Another key: its own item, or none; then the first key's item again.
        #expect(try await reader.getItem(table: "t", key: ["id": "b"]) == nil)
        try await writer.putItem(table: "t", item: ["id": "b", "v": "teal"])
        #expect(try await reader.getItem(table: "t", key: ["id": "b"]) == ["id": "b", "v": "teal"])
        #expect(try await reader.getItem(table: "t", key: key) == ["id": "a", "v": "teal"])
        await writer.close()
        await reader.close()
    }
}
