import Foundation
import GRDB
import Shared

/// The embedded default store (`STORE_URL=sqlite:PATH`): one SQLite file in WAL mode, shared by
/// every process of the formation, that keeps DynamoDB's item model. Items are stored in their
/// wire form, so all ten attribute types round-trip exactly.
public final class SQLiteStore: ItemStore {
    /// `sqlite`.
    public let kind = "sqlite"
    /// False: a GetItem is a point read on the caller's thread (``ItemReader``), cheaper than
    /// waiting for another request's.
    public let sharesReads = false
    let pool: DatabasePool
    /// GetItem's synchronous reads (see there).
    let itemReader: ItemReader
    let schemas = SchemaCache()
    /// The database file.
    public let path: String

    /// Opens (creating when missing) the database at `path` and its parent directory.
    public init(path: String) throws(StoreError) {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            // Two web instances and an admin process write to one file: wait for the lock.
            configuration.busyMode = .timeout(10)
            configuration.label = "formation.sqlite"
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.write { db in try SQLiteSchema.install(in: db) }
            self.pool = pool
            itemReader = ItemReader(path: path, busyMilliseconds: 10_000)
        } catch {
            throw StoreError(code: .unavailable, message: "cannot open \(path): \(Self.describe(error))", store: "sqlite", operation: "Open")
        }
    }

    public func close() async {
        itemReader.close()
        try? pool.close()
    }

    // MARK: Tables

    public func createTable(_ schema: TableSchema) async throws(StoreError) {
        guard !schema.name.isEmpty else { throw .validation("a table name is needed", store: kind, operation: "CreateTable") }
        let text = try encodeSchema(schema, operation: "CreateTable")
        let created = try await write("CreateTable") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO store_tables (name, schema, created_at) VALUES (?, ?, ?)",
                arguments: [schema.name, text, Date().timeIntervalSince1970])
            return db.changesCount == 1
        }
        guard created else { throw .tableExists(schema.name, store: kind, operation: "CreateTable") }
    }

    public func describeTable(_ name: String) async throws(StoreError) -> TableInfo? {
        let found = try await read("DescribeTable") { db -> (String, Int)? in
            guard let schema = try String.fetchOne(db, sql: "SELECT schema FROM store_tables WHERE name = ?", arguments: [name]) else {
                return nil
            }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM store_items WHERE table_name = ?", arguments: [name]) ?? 0
            return (schema, count)
        }
        guard let (text, count) = found else { return nil }
        return TableInfo(schema: try decodeSchema(text, operation: "DescribeTable"), status: "ACTIVE", itemCount: count)
    }

    /// The schema of an existing table.
    func schema(of table: String, operation: String) async throws(StoreError) -> TableSchema {
        if let cached = schemas.schema(of: table) { return cached }
        let text = try await read(operation) { db in
            try String.fetchOne(db, sql: "SELECT schema FROM store_tables WHERE name = ?", arguments: [table])
        }
        guard let text else { throw .tableNotFound(table, store: kind, operation: operation) }
        let schema = try decodeSchema(text, operation: operation)
        schemas.remember(schema)
        return schema
    }

    // MARK: Items

    public func getItem(table: String, key: Item) async throws(StoreError) -> Item? {
        let schema = try await schema(of: table, operation: "GetItem")
        guard key.count == schema.keyAttributes.count else {
            throw .validation("the key must hold exactly the key attributes \(schema.keyAttributes.map(\.name))", store: kind, operation: "GetItem")
        }
        let stored = try storedKey(key, schema: schema, operation: "GetItem")
        return try itemReader.item(table: table, key: stored.text)
    }

    public func putItem(table: String, item: Item) async throws(StoreError) {
        try await putItems(table: table, items: [item], operation: "PutItem")
    }

    public func putItems(table: String, items: [Item]) async throws(StoreError) {
        try await putItems(table: table, items: items, operation: "BatchWriteItem")
    }

    private func putItems(table: String, items: [Item], operation: String) async throws(StoreError) {
        let schema = try await schema(of: table, operation: operation)
        var rows: [(StoredKey, String)] = []
        rows.reserveCapacity(items.count)
        for item in items {
            let key = try storedKey(item, schema: schema, operation: operation)
            do {
                rows.append((key, try ItemCoding.encode(item)))
            } catch {
                throw .validation("cannot encode an item: \(error)", store: kind, operation: operation)
            }
        }
        let pending = rows
        let exists = try await write(operation) { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM store_tables WHERE name = ?", arguments: [table]) == true else { return false }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO store_items (table_name, item_key, segment_hash, item) VALUES (?, ?, ?, ?)
                ON CONFLICT (table_name, item_key) DO UPDATE SET item = excluded.item
                """)
            for (key, text) in pending {
                try statement.execute(arguments: [table, key.text, key.segmentHash, text])
            }
            return true
        }
        guard exists else { throw .tableNotFound(table, store: kind, operation: operation) }
    }

    public func scan(table: String, segment: Int, totalSegments: Int, startKey: Item?, limit: Int) async throws(StoreError) -> ItemPage {
        guard totalSegments >= 1, (0..<totalSegments).contains(segment), limit >= 1 else {
            throw .validation("segment \(segment) of \(totalSegments) with limit \(limit) is not a valid scan", store: kind, operation: "Scan")
        }
        let schema = try await schema(of: table, operation: "Scan")
        let after = try startKey.map { (key) throws(StoreError) in try storedKey(key, schema: schema, operation: "Scan").text } ?? ""
        let texts = try await read("Scan") { db in
            try String.fetchAll(db, sql: """
                SELECT item FROM store_items
                WHERE table_name = ? AND item_key > ? AND segment_hash % ? = ?
                ORDER BY item_key LIMIT ?
                """, arguments: [table, after, totalSegments, segment, limit])
        }
        var items: [Item] = []
        items.reserveCapacity(texts.count)
        for text in texts { items.append(try ItemCoding.decode(text, operation: "Scan")) }
        let last = texts.count == limit ? items.last.map(schema.key(of:)) : nil
        return ItemPage(items: items, lastEvaluatedKey: last)
    }

    // MARK: Helpers

    func storedKey(_ item: Item, schema: TableSchema, operation: String) throws(StoreError) -> StoredKey {
        switch StoredKey.make(for: item, schema: schema) {
        case .success(let key): return key
        case .failure(let problem): throw .validation("\(problem.message) of table \(schema.name)", store: kind, operation: operation)
        }
    }

    func encodeSchema(_ schema: TableSchema, operation: String) throws(StoreError) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(schema), as: UTF8.self)
        } catch {
            throw .validation("cannot encode the schema: \(error)", store: kind, operation: operation)
        }
    }

    func decodeSchema(_ text: String, operation: String) throws(StoreError) -> TableSchema {
        do {
            return try JSONDecoder().decode(TableSchema.self, from: Data(text.utf8))
        } catch {
            throw StoreError(code: .failed, message: "a stored table schema is unreadable: \(error)", store: kind, operation: operation)
        }
    }

    func read<T: Sendable>(_ operation: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw mapError(error, operation: operation)
        }
    }

    func write<T: Sendable>(_ operation: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw mapError(error, operation: operation)
        }
    }

    private func mapError(_ error: any Error, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return StoreError(code: .unavailable, message: "the database is locked: \(error.message ?? "busy")", store: kind, operation: operation)
        }
        return StoreError(code: .failed, message: Self.describe(error), store: kind, operation: operation)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return "SQLite \(error.resultCode): \(error.message ?? "")" }
        return String(describing: error)
    }
}
