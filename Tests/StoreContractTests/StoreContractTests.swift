import AppCore
import AppTestSupport
import Foundation
import Shared
import Testing

/// One contract, two stores: the embedded SQLite store and DynamoDB (moto's server) must behave
/// alike for everything the app, backup-job and provision use.
@Suite("Store contract", .moto)
struct StoreContractTests {
    static func schema(_ name: String) -> TableSchema {
        TableSchema(name: name, partitionKey: KeyAttribute("pk", .s))
    }

    @Test("createTable, describeTable, and the errors around them", arguments: StoreKind.allCases)
    func tables(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let name = uniqueTable("tables")
            #expect(try await store.describeTable(name) == nil)
            try await store.createTable(TableSchema(name: name, partitionKey: KeyAttribute("pk", .s), sortKey: KeyAttribute("sk", .n)))
            let info = try #require(try await store.describeTable(name))
            #expect(info.schema == TableSchema(name: name, partitionKey: KeyAttribute("pk", .s), sortKey: KeyAttribute("sk", .n)))
            #expect(info.status == "ACTIVE")
            let again = await #expect(throws: StoreError.self) { try await store.createTable(Self.schema(name)) }
            #expect(again?.code == .tableExists)
        }
    }

    @Test("all ten attribute types survive putItem and getItem exactly", arguments: StoreKind.allCases)
    func allTypes(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let table = uniqueTable("types")
            try await store.createTable(Self.schema(table))
            let item = allTypesItem(key: "one")
            try await store.putItem(table: table, item: item)
            let read = try await store.getItem(table: table, key: ["pk": "one"])
            #expect(normalized(read) == normalized(item))
            #expect(try await store.getItem(table: table, key: ["pk": "two"]) == nil)
        }
    }

    @Test("putItem replaces the item with the same key", arguments: StoreKind.allCases)
    func replace(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let table = uniqueTable("replace")
            try await store.createTable(Self.schema(table))
            try await store.putItem(table: table, item: ["pk": "k", "colour": "red", "extra": 1])
            try await store.putItem(table: table, item: ["pk": "k", "colour": "blue"])
            #expect(try await store.getItem(table: table, key: ["pk": "k"]) == ["pk": "k", "colour": "blue"])
            #expect(try await store.allItems(table: table).count == 1)
        }
    }

    @Test("a missing table, a missing key attribute and a mistyped key are errors", arguments: StoreKind.allCases)
    func errors(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let table = uniqueTable("errors")
            let missingTable = await #expect(throws: StoreError.self) { _ = try await store.getItem(table: table, key: ["pk": "k"]) }
            #expect(missingTable?.code == .tableNotFound)
            let missingPut = await #expect(throws: StoreError.self) { try await store.putItem(table: table, item: ["pk": "k"]) }
            #expect(missingPut?.code == .tableNotFound)
            try await store.createTable(Self.schema(table))
            let noKey = await #expect(throws: StoreError.self) { try await store.putItem(table: table, item: ["other": "x"]) }
            #expect(noKey?.code == .validation)
            let wrongType = await #expect(throws: StoreError.self) { try await store.putItem(table: table, item: ["pk": 5]) }
            #expect(wrongType?.code == .validation)
            #expect(noKey?.publicReason.contains("AKID") == false)
        }
    }

    @Test("scan pages through every item once", arguments: StoreKind.allCases)
    func scanPages(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let table = uniqueTable("scan")
            try await store.createTable(Self.schema(table))
            let items: [Item] = (0..<37).map { ["pk": .s("item-\($0)"), "n": .n($0)] }
            try await store.putItems(table: table, items: items)
            var seen: [String] = []
            var start: Item? = nil
            var pages = 0
            repeat {
                let page = try await store.scan(table: table, segment: 0, totalSegments: 1, startKey: start, limit: 10)
                seen += page.items.compactMap { $0["pk"]?.stringValue }
                start = page.lastEvaluatedKey
                pages += 1
            } while start != nil && pages < 20
            #expect(seen.count == 37)
            #expect(Set(seen) == Set(items.compactMap { $0["pk"]?.stringValue }))
            #expect(pages >= 4)
        }
    }

    @Test("a parallel scan's segments together hold every item once", arguments: StoreKind.allCases)
    func parallelScan(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let table = uniqueTable("segments")
            try await store.createTable(Self.schema(table))
            let items: [Item] = (0..<120).map { ["pk": .s("item-\($0)")] }
            try await store.putItems(table: table, items: items)
            let collector = Collector()
            try await store.parallelScan(table: table, totalSegments: 4, pageSize: 16) { page, segment in
                await collector.add(page.compactMap { $0["pk"]?.stringValue }, segment: segment)
            }
            let keys = await collector.keys
            #expect(keys.count == 120)
            #expect(Set(keys).count == 120)
        }
    }

    @Test("a backup is a snapshot; restore makes a new table from it", arguments: StoreKind.allCases)
    func backupAndRestore(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let table = uniqueTable("source")
            try await store.createTable(Self.schema(table))
            try await store.putItems(table: table, items: [allTypesItem(key: "a"), ["pk": "b", "colour": "red"]])
            let backup = try await store.createBackup(table: table, name: "\(table)-20261126T000000Z")
            #expect(backup.status == "AVAILABLE")
            #expect(backup.tableName == table)
            try await store.putItem(table: table, item: ["pk": "b", "colour": "green"])

            let listed = try await store.listBackups(table: table)
            #expect(listed.map(\.id).contains(backup.id))
            #expect(try await store.newestBackup(of: table)?.id == backup.id)

            let target = uniqueTable("restored")
            let info = try await store.restoreBackup(id: backup.id, to: target)
            #expect(info.status == "ACTIVE")
            #expect(info.schema.partitionKey == KeyAttribute("pk", .s))
            #expect(try await store.getItem(table: target, key: ["pk": "b"])?["colour"] == "red")
            #expect(normalized(try await store.getItem(table: target, key: ["pk": "a"])) == normalized(allTypesItem(key: "a")))
            #expect(try await store.getItem(table: table, key: ["pk": "b"])?["colour"] == "green")

            let exists = await #expect(throws: StoreError.self) { _ = try await store.restoreBackup(id: backup.id, to: target) }
            #expect(exists?.code == .tableExists)
        }
    }

    @Test("backing up a missing table and restoring a missing backup are errors", arguments: StoreKind.allCases)
    func backupErrors(kind: StoreKind) async throws {
        try await kind.withStore { store in
            let table = uniqueTable("nobackup")
            let noTable = await #expect(throws: StoreError.self) { _ = try await store.createBackup(table: table, name: "\(table)-x") }
            #expect(noTable?.code == .tableNotFound)
            try await store.createTable(Self.schema(table))
            let real = try await store.createBackup(table: table, name: "\(table)-real")
            let bogus = real.id.replacingOccurrences(of: table, with: "\(table)-gone")
            let noBackup = await #expect(throws: StoreError.self) { _ = try await store.restoreBackup(id: bogus, to: uniqueTable("never")) }
            #expect(noBackup?.code == .backupNotFound)
        }
    }
}

/// Gathers keys from concurrent segments.
actor Collector {
    private(set) var keys: [String] = []
    func add(_ more: [String], segment: Int) { keys += more }
}
