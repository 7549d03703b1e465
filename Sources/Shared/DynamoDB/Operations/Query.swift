/// Query's request. Pass it to ``DynamoDBClient/queryPages(_:)`` to follow `LastEvaluatedKey`.
public struct QueryInput: Encodable, Sendable {
    /// The table.
    public var tableName: String
    /// An index to query instead of the table.
    public var indexName: String?
    /// The partition key condition, and optionally a sort key condition.
    public var keyConditionExpression: String
    /// A filter applied after reading.
    public var filterExpression: String?
    /// Which attributes to return.
    public var projectionExpression: String?
    /// `#name` placeholders.
    public var expressionAttributeNames: [String: String]?
    /// `:value` placeholders.
    public var expressionAttributeValues: [String: AttributeValue]?
    /// Items read per page at most.
    public var limit: Int?
    /// Where to start (the previous page's `LastEvaluatedKey`).
    public var exclusiveStartKey: Item?
    /// Ascending sort key order (`true`, the default) or descending.
    public var scanIndexForward: Bool?
    /// Strongly consistent read.
    public var consistentRead: Bool?

    /// Creates a request.
    public init(tableName: String, keyConditionExpression: String, indexName: String? = nil, filterExpression: String? = nil,
                projectionExpression: String? = nil, expressionAttributeNames: [String: String]? = nil,
                expressionAttributeValues: [String: AttributeValue]? = nil, limit: Int? = nil, exclusiveStartKey: Item? = nil,
                scanIndexForward: Bool? = nil, consistentRead: Bool? = nil) {
        self.tableName = tableName
        self.keyConditionExpression = keyConditionExpression
        self.indexName = indexName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.scanIndexForward = scanIndexForward
        self.consistentRead = consistentRead
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", indexName = "IndexName", keyConditionExpression = "KeyConditionExpression"
        case filterExpression = "FilterExpression", projectionExpression = "ProjectionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames", expressionAttributeValues = "ExpressionAttributeValues"
        case limit = "Limit", exclusiveStartKey = "ExclusiveStartKey", scanIndexForward = "ScanIndexForward", consistentRead = "ConsistentRead"
    }
}

/// One page of a Query or Scan.
public struct ReadPage: Decodable, Sendable {
    /// The items of this page.
    public var items: [Item]
    /// Items after filtering.
    public var count: Int
    /// Items read before filtering.
    public var scannedCount: Int
    /// Where the next page starts; `nil` on the last page.
    public var lastEvaluatedKey: Item?

    enum CodingKeys: String, CodingKey {
        case items = "Items", count = "Count", scannedCount = "ScannedCount", lastEvaluatedKey = "LastEvaluatedKey"
    }

    /// Decodes a page; absent lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? items.count
        scannedCount = try container.decodeIfPresent(Int.self, forKey: .scannedCount) ?? count
        lastEvaluatedKey = try container.decodeIfPresent(Item.self, forKey: .lastEvaluatedKey)
        if lastEvaluatedKey?.isEmpty == true { lastEvaluatedKey = nil }
    }
}
