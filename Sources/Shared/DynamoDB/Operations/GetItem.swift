/// GetItem's request.
public struct GetItemInput: Encodable, Sendable {
    /// The table.
    public var tableName: String
    /// The full primary key.
    public var key: Item
    /// Strongly consistent read.
    public var consistentRead: Bool?
    /// Which attributes to return.
    public var projectionExpression: String?
    /// `#name` placeholders.
    public var expressionAttributeNames: [String: String]?

    /// Creates a request.
    public init(tableName: String, key: Item, consistentRead: Bool? = nil, projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil) {
        self.tableName = tableName
        self.key = key
        self.consistentRead = consistentRead
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", consistentRead = "ConsistentRead"
        case projectionExpression = "ProjectionExpression", expressionAttributeNames = "ExpressionAttributeNames"
    }
}

/// GetItem's answer.
public struct GetItemOutput: Decodable, Sendable {
    /// The item, or `nil` when there is none with that key.
    public var item: Item?
    enum CodingKeys: String, CodingKey { case item = "Item" }
}
