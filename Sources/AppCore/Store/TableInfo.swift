/// What a store tells about a table.
public struct TableInfo: Sendable, Hashable {
    /// The table's name and key.
    public var schema: TableSchema
    /// `ACTIVE`, `CREATING`... (the embedded store's tables are always `ACTIVE`).
    public var status: String
    /// The number of items, when the store knows it (DynamoDB updates it every few hours).
    public var itemCount: Int?

    /// Creates a description.
    public init(schema: TableSchema, status: String, itemCount: Int?) {
        self.schema = schema
        self.status = status
        self.itemCount = itemCount
    }
}
