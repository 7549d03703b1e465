import Foundation

/// The key schemas of tables this process has seen. A table's schema never changes (the store
/// has no operation that alters or drops a table), so a cached schema stays right and `/hello`
/// costs one read, not two.
final class SchemaCache: @unchecked Sendable {
    // @unchecked: `schemas` is only touched under `lock`.
    private let lock = NSLock()
    private var schemas: [String: TableSchema] = [:]

    /// The cached schema of `table`, if any.
    func schema(of table: String) -> TableSchema? {
        lock.lock()
        defer { lock.unlock() }
        return schemas[table]
    }

    /// Remembers a schema.
    func remember(_ schema: TableSchema) {
        lock.lock()
        schemas[schema.name] = schema
        lock.unlock()
    }
}
