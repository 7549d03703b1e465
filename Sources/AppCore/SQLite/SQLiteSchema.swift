import GRDB

/// The embedded store's tables. Every statement is idempotent, so concurrent processes that
/// open the same file (two `web` instances and an admin process) may all run it.
enum SQLiteSchema {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS store_tables (
            name TEXT PRIMARY KEY NOT NULL,
            schema TEXT NOT NULL,
            created_at REAL NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS store_items (
            table_name TEXT NOT NULL,
            item_key TEXT NOT NULL,
            segment_hash INTEGER NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (table_name, item_key)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS store_backups (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            table_name TEXT NOT NULL,
            schema TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at REAL NOT NULL,
            item_count INTEGER NOT NULL
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS store_backup_items (
            backup_id TEXT NOT NULL,
            item_key TEXT NOT NULL,
            segment_hash INTEGER NOT NULL,
            item TEXT NOT NULL,
            PRIMARY KEY (backup_id, item_key)
        ) WITHOUT ROWID
        """,
    ]

    /// Creates what is missing, in one write transaction.
    static func install(in db: Database) throws {
        for statement in statements {
            try db.execute(sql: statement)
        }
    }
}
