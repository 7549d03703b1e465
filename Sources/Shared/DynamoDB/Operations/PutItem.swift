/// PutItem's request.
public struct PutItemInput: Encodable, Sendable {
    /// The table.
    public var tableName: String
    /// The item, key included.
    public var item: Item
    /// A condition the existing item must meet.
    public var conditionExpression: String?
    /// `#name` placeholders.
    public var expressionAttributeNames: [String: String]?
    /// `:value` placeholders.
    public var expressionAttributeValues: [String: AttributeValue]?
    /// What to return.
    public var returnValues: ReturnValues?

    /// Creates a request.
    public init(tableName: String, item: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
                expressionAttributeValues: [String: AttributeValue]? = nil, returnValues: ReturnValues? = nil) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", item = "Item", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues"
    }
}

/// The answer of PutItem, UpdateItem and DeleteItem.
public struct WriteItemOutput: Decodable, Sendable {
    /// The attributes asked for with `ReturnValues`.
    public var attributes: Item?
    enum CodingKeys: String, CodingKey { case attributes = "Attributes" }
}
