import Foundation
import GRDB
import Shared

extension SQLiteStore {
    /// Copies the table's items into the backup tables in one transaction, so the backup is a
    /// consistent snapshot and is `AVAILABLE` when this returns.
    public func createBackup(table: String, name: String) async throws(StoreError) -> BackupRecord {
        let schema = try await schema(of: table, operation: "CreateBackup")
        let schemaText = try encodeSchema(schema, operation: "CreateBackup")
        let created = Date()
        let id = "arn:formation:sqlite:local:table/\(table)/backup/\(Int64(created.timeIntervalSince1970 * 1000))-\(UUID().uuidString.prefix(8).lowercased())"
        let count = try await write("CreateBackup") { db -> Int? in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM store_tables WHERE name = ?", arguments: [table]) == true else { return nil }
            try db.execute(sql: """
                INSERT INTO store_backup_items (backup_id, item_key, segment_hash, item)
                SELECT ?, item_key, segment_hash, item FROM store_items WHERE table_name = ?
                """, arguments: [id, table])
            let count = db.changesCount
            try db.execute(sql: """
                INSERT INTO store_backups (id, name, table_name, schema, status, created_at, item_count)
                VALUES (?, ?, ?, ?, 'AVAILABLE', ?, ?)
                """, arguments: [id, name, table, schemaText, created.timeIntervalSince1970, count])
            return count
        }
        guard let count else { throw .tableNotFound(table, store: kind, operation: "CreateBackup") }
        return BackupRecord(id: id, name: name, tableName: table, status: "AVAILABLE", createdAt: created, itemCount: count)
    }

    public func listBackups(table: String?) async throws(StoreError) -> [BackupRecord] {
        try await read("ListBackups") { db in
            let rows: [Row]
            if let table {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM store_backups WHERE table_name = ? ORDER BY created_at, id", arguments: [table])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM store_backups ORDER BY created_at, id")
            }
            return rows.map { row in
                BackupRecord(
                    id: row["id"], name: row["name"], tableName: row["table_name"], status: row["status"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]), itemCount: row["item_count"])
            }
        }
    }

    /// Creates the target table with the backup's key and copies the backup's items into it, in
    /// one transaction: the table is `ACTIVE` and complete when this returns.
    public func restoreBackup(id: String, to target: String) async throws(StoreError) -> TableInfo {
        guard !target.isEmpty else { throw .validation("a target table name is needed", store: kind, operation: "RestoreTableFromBackup") }
        enum Outcome: Sendable { case restored(String, Int), noBackup, targetExists }
        let outcome = try await write("RestoreTableFromBackup") { db -> Outcome in
            guard let schemaText = try String.fetchOne(db, sql: "SELECT schema FROM store_backups WHERE id = ?", arguments: [id]) else {
                return .noBackup
            }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM store_tables WHERE name = ?", arguments: [target]) != true else {
                return .targetExists
            }
            guard let data = schemaText.data(using: .utf8), let schema = try? JSONDecoder().decode(TableSchema.self, from: data) else {
                throw StoreError(code: .failed, message: "the backup's schema is unreadable", store: "sqlite", operation: "RestoreTableFromBackup")
            }
            let renamed = String(decoding: try JSONEncoder().encode(schema.renamed(target)), as: UTF8.self)
            try db.execute(sql: "INSERT INTO store_tables (name, schema, created_at) VALUES (?, ?, ?)",
                           arguments: [target, renamed, Date().timeIntervalSince1970])
            try db.execute(sql: """
                INSERT INTO store_items (table_name, item_key, segment_hash, item)
                SELECT ?, item_key, segment_hash, item FROM store_backup_items WHERE backup_id = ?
                """, arguments: [target, id])
            return .restored(renamed, db.changesCount)
        }
        switch outcome {
        case .noBackup: throw .backupNotFound(id, store: kind, operation: "RestoreTableFromBackup")
        case .targetExists: throw .tableExists(target, store: kind, operation: "RestoreTableFromBackup")
        case .restored(let schemaText, let count):
            return TableInfo(schema: try decodeSchema(schemaText, operation: "RestoreTableFromBackup"), status: "ACTIVE", itemCount: count)
        }
    }
}
