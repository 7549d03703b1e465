import AppCore
import Foundation
import Shared
import Testing

/// Export lines and the embedded store's key rules.
@Suite("Items and keys")
struct ItemCodingTests {
    @Test("a DynamoDB JSON line round-trips every type")
    func jsonLines() throws {
        let item: Item = [
            "s": "x", "n": .n("1.50"), "b": .b(Data([0, 255])), "bool": false, "null": .null,
            "m": .m(["a": .l([.ns(["1"]), .ss(["s"]), .bs([Data([9])])])]),
        ]
        let line = try ItemJSONLines.encode(item)
        #expect(line.last == 0x0A)
        #expect(String(decoding: line, as: UTF8.self).hasPrefix(#"{"Item":{"b":{"B":"AP8="}"#))
        #expect(try ItemJSONLines.decode(line.dropLast()) == item)
    }

    @Test("numbers compare by value as keys, as in DynamoDB")
    func numbers() {
        #expect(CanonicalNumber.normalize("1") == CanonicalNumber.normalize("1.0"))
        #expect(CanonicalNumber.normalize("10E-1") == CanonicalNumber.normalize("1"))
        #expect(CanonicalNumber.normalize("12abc") == nil)
        #expect(CanonicalNumber.normalize("") == nil)
    }

    @Test("the embedded store treats 1 and 1.0 as one key")
    func numericKeys() async throws {
        let file = StoreFile("keys")
        let store = try SQLiteStore(path: file.path)
        try await store.createTable(TableSchema(name: "t", partitionKey: KeyAttribute("id", .n)))
        try await store.putItem(table: "t", item: ["id": .n("1"), "v": "first"])
        try await store.putItem(table: "t", item: ["id": .n("1.0"), "v": "second"])
        #expect(try await store.getItem(table: "t", key: ["id": .n("1.00")])?["v"] == "second")
        #expect(try await store.allItems(table: "t").count == 1)
        await store.close()
        file.remove()
    }

    @Test("two handles on one file see each other's writes (two web processes and an admin process)")
    func sharedFile() async throws {
        let file = StoreFile("shared")
        let path = file.path
        let writer = try SQLiteStore(path: path)
        let reader = try SQLiteStore(path: path)
        try await writer.createTable(TableSchema(name: "t", partitionKey: KeyAttribute("id", .s)))
        try await writer.putItem(table: "t", item: ["id": "a", "v": 1])
        #expect(try await reader.getItem(table: "t", key: ["id": "a"])?["v"] == 1)
        try await writer.putItem(table: "t", item: ["id": "a", "v": 2])
        #expect(try await reader.getItem(table: "t", key: ["id": "a"])?["v"] == 2)
        await writer.close()
        await reader.close()
        file.remove()
    }
}
