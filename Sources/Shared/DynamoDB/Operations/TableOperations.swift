/// CreateTable's request.
public struct CreateTableInput: Encodable, Sendable {
    /// The new table's name.
    public var tableName: String
    /// The primary key.
    public var keySchema: [KeySchemaElement]
    /// Types of every key attribute (table and indexes).
    public var attributeDefinitions: [AttributeDefinition]
    /// `PAY_PER_REQUEST` (default here) or `PROVISIONED`.
    public var billingMode: String
    /// Global secondary indexes.
    public var globalSecondaryIndexes: [SecondaryIndex]?

    /// Creates an on-demand table request.
    public init(tableName: String, keySchema: [KeySchemaElement], attributeDefinitions: [AttributeDefinition],
                billingMode: String = "PAY_PER_REQUEST", globalSecondaryIndexes: [SecondaryIndex]? = nil) {
        self.tableName = tableName
        self.keySchema = keySchema
        self.attributeDefinitions = attributeDefinitions
        self.billingMode = billingMode
        self.globalSecondaryIndexes = globalSecondaryIndexes
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", keySchema = "KeySchema", attributeDefinitions = "AttributeDefinitions"
        case billingMode = "BillingMode", globalSecondaryIndexes = "GlobalSecondaryIndexes"
    }
}

struct TableNameInput: Encodable, Sendable {
    var tableName: String
    enum CodingKeys: String, CodingKey { case tableName = "TableName" }
}

struct TableDescriptionOutput: Decodable, Sendable {
    var tableDescription: TableDescription?
    var table: TableDescription?
    enum CodingKeys: String, CodingKey { case tableDescription = "TableDescription", table = "Table" }
}
