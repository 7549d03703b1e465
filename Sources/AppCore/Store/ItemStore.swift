import Shared

/// A backing store that keeps DynamoDB's item model: tables of items (attribute maps of the ten
/// attribute types) addressed by a partition key and an optional sort key, with backups.
///
/// Two implementations exist: ``SQLiteStore`` (the embedded default, `STORE_URL=sqlite:PATH`) and
/// ``DynamoDBStore`` (`STORE_URL=dynamodb:`). One contract test suite runs against both, so
/// development and production behave alike (factor X).
public protocol ItemStore: Sendable {
    /// `sqlite` or `dynamodb`, for messages and logs.
    var kind: String { get }

    /// Whether concurrent reads of one item should share one read (``CoalescingReader``): true
    /// for a store across a network, where each read is a round trip and counts against a
    /// partition's throughput; false for one that reads in-process in microseconds, where
    /// waiting for another request's read (a suspension and a thread wake-up) costs more than
    /// reading. True unless a store says otherwise.
    var sharesReads: Bool { get }

    /// Creates a table and returns when it is usable. Throws ``StoreError/Code/tableExists``
    /// when a table of that name exists.
    func createTable(_ schema: TableSchema) async throws(StoreError)

    /// What is known about a table, or `nil` when it does not exist.
    func describeTable(_ name: String) async throws(StoreError) -> TableInfo?

    /// The item with this key, or `nil`.
    func getItem(table: String, key: Item) async throws(StoreError) -> Item?

    /// Writes an item, replacing any with the same key. The item must hold the table's key
    /// attributes with their declared types.
    func putItem(table: String, item: Item) async throws(StoreError)

    /// Writes many items, replacing those with the same keys; all are written when it returns.
    func putItems(table: String, items: [Item]) async throws(StoreError)

    /// One page of a scan of `segment` of `totalSegments` (pass 0 of 1 for a whole-table scan),
    /// starting after `startKey`.
    func scan(table: String, segment: Int, totalSegments: Int, startKey: Item?, limit: Int) async throws(StoreError) -> ItemPage

    /// Backs up a table under `name` and returns when the backup is available.
    func createBackup(table: String, name: String) async throws(StoreError) -> BackupRecord

    /// The backups of `table` (all tables when `nil`), oldest first.
    func listBackups(table: String?) async throws(StoreError) -> [BackupRecord]

    /// Restores a backup into a new table and returns when that table is usable. Throws
    /// ``StoreError/Code/tableExists`` when the target exists.
    func restoreBackup(id: String, to table: String) async throws(StoreError) -> TableInfo

    /// Releases what the store holds (database connections); no call may follow.
    func close() async
}

extension ItemStore {
    public var sharesReads: Bool { true }
}
