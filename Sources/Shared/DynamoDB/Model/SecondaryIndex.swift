/// A global or local secondary index of a new table; it projects all attributes.
public struct SecondaryIndex: Codable, Sendable, Hashable {
    /// The index's name.
    public var indexName: String
    /// Its key.
    public var keySchema: [KeySchemaElement]
    private var projection = Projection()

    struct Projection: Codable, Sendable, Hashable {
        var projectionType = "ALL"
        enum CodingKeys: String, CodingKey { case projectionType = "ProjectionType" }
    }

    /// Creates an index projecting all attributes.
    public init(indexName: String, keySchema: [KeySchemaElement]) {
        self.indexName = indexName
        self.keySchema = keySchema
    }

    enum CodingKeys: String, CodingKey {
        case indexName = "IndexName", keySchema = "KeySchema", projection = "Projection"
    }
}
