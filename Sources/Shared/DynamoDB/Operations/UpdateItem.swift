/// UpdateItem's request.
public struct UpdateItemInput: Encodable, Sendable {
    /// The table.
    public var tableName: String
    /// The full primary key.
    public var key: Item
    /// `SET`, `REMOVE`, `ADD`, `DELETE` clauses.
    public var updateExpression: String
    /// A condition the existing item must meet.
    public var conditionExpression: String?
    /// `#name` placeholders.
    public var expressionAttributeNames: [String: String]?
    /// `:value` placeholders.
    public var expressionAttributeValues: [String: AttributeValue]?
    /// What to return.
    public var returnValues: ReturnValues?

    /// Creates a request.
    public init(tableName: String, key: Item, updateExpression: String, conditionExpression: String? = nil,
                expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: [String: AttributeValue]? = nil,
                returnValues: ReturnValues? = nil) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", key = "Key", updateExpression = "UpdateExpression", conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues"
    }
}
