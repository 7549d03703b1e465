/// DeleteItem's request.
public struct DeleteItemInput: Encodable, Sendable {
    /// The table.
    public var tableName: String
    /// The full primary key.
    public var key: Item
    /// A condition the existing item must meet.
    public var conditionExpression: String?
    /// `#name` placeholders.
    public var expressionAttributeNames: [String: String]?
    /// `:value` placeholders.
    public var expressionAttributeValues: [String: AttributeValue]?
    /// What to return.
    public var returnValues: ReturnValues?

    /// Creates a request.
    public init(tableName: String, key: Item, conditionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
                expressionAttributeValues: [String: AttributeValue]? = nil, returnValues: ReturnValues? = nil) {
        self.tableName = tableName
        self.key = key
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues"
    }
}
