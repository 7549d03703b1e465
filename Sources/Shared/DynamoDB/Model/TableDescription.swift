import Foundation

/// What DescribeTable, CreateTable, DeleteTable and RestoreTableFromBackup tell about a table.
public struct TableDescription: Codable, Sendable, Hashable {
    /// The table's name.
    public var tableName: String?
    /// `CREATING`, `ACTIVE`, `DELETING`, `UPDATING`...
    public var tableStatus: String?
    /// The table's ARN.
    public var tableArn: String?
    /// The primary key.
    public var keySchema: [KeySchemaElement]?
    /// The key attributes' types.
    public var attributeDefinitions: [AttributeDefinition]?
    /// The approximate item count.
    public var itemCount: Int?
    /// The approximate size.
    public var tableSizeBytes: Int?
    /// When the table was created, in seconds since 1970.
    public var creationDateTime: Double?

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", tableStatus = "TableStatus", tableArn = "TableArn", keySchema = "KeySchema"
        case attributeDefinitions = "AttributeDefinitions", itemCount = "ItemCount", tableSizeBytes = "TableSizeBytes"
        case creationDateTime = "CreationDateTime"
    }
}
