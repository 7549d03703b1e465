import Foundation

/// A backup of a table.
public struct BackupRecord: Sendable, Hashable {
    /// The backup's identifier: DynamoDB's backup ARN, or the embedded store's own ARN-like id.
    public var id: String
    /// The backup's name (`<table>-<UTC timestamp>` for backup-job's backups).
    public var name: String
    /// The backed-up table.
    public var tableName: String
    /// `CREATING` or `AVAILABLE`.
    public var status: String
    /// When it was made.
    public var createdAt: Date
    /// Its item count, when known.
    public var itemCount: Int?

    /// Creates a record.
    public init(id: String, name: String, tableName: String, status: String, createdAt: Date, itemCount: Int? = nil) {
        self.id = id
        self.name = name
        self.tableName = tableName
        self.status = status
        self.createdAt = createdAt
        self.itemCount = itemCount
    }
}
