/// Scan's request. Pass it to ``DynamoDBClient/scanPages(_:)`` or
/// ``DynamoDBClient/parallelScan(_:segments:body:)``.
public struct ScanInput: Encodable, Sendable {
    /// The table.
    public var tableName: String
    /// An index to scan instead of the table.
    public var indexName: String?
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
    /// This worker's segment of a parallel scan.
    public var segment: Int?
    /// The number of segments of a parallel scan.
    public var totalSegments: Int?
    /// Strongly consistent read.
    public var consistentRead: Bool?

    /// Creates a request.
    public init(tableName: String, indexName: String? = nil, filterExpression: String? = nil, projectionExpression: String? = nil,
                expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: [String: AttributeValue]? = nil,
                limit: Int? = nil, exclusiveStartKey: Item? = nil, segment: Int? = nil, totalSegments: Int? = nil, consistentRead: Bool? = nil) {
        self.tableName = tableName
        self.indexName = indexName
        self.filterExpression = filterExpression
        self.projectionExpression = projectionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.segment = segment
        self.totalSegments = totalSegments
        self.consistentRead = consistentRead
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName", indexName = "IndexName", filterExpression = "FilterExpression"
        case projectionExpression = "ProjectionExpression", expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues", limit = "Limit", exclusiveStartKey = "ExclusiveStartKey"
        case segment = "Segment", totalSegments = "TotalSegments", consistentRead = "ConsistentRead"
    }
}
