/// BatchWriteItem's request: at most 25 writes across tables.
struct BatchWriteItemInput: Encodable, Sendable {
    var requestItems: [String: [WriteRequest]]
    enum CodingKeys: String, CodingKey { case requestItems = "RequestItems" }
}

/// BatchWriteItem's answer.
struct BatchWriteItemOutput: Decodable, Sendable {
    var unprocessedItems: [String: [WriteRequest]]?
    enum CodingKeys: String, CodingKey { case unprocessedItems = "UnprocessedItems" }
}
