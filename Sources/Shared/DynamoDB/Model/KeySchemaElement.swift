/// One part of a table's or index's primary key.
public struct KeySchemaElement: Codable, Sendable, Hashable {
    /// `HASH` (partition key) or `RANGE` (sort key).
    public enum KeyType: String, Codable, Sendable {
        /// The partition key.
        case hash = "HASH"
        /// The sort key.
        case range = "RANGE"
    }

    /// The attribute's name.
    public var attributeName: String
    /// Its role.
    public var keyType: KeyType

    /// Creates a key element.
    public init(_ attributeName: String, _ keyType: KeyType) {
        self.attributeName = attributeName
        self.keyType = keyType
    }

    enum CodingKeys: String, CodingKey {
        case attributeName = "AttributeName", keyType = "KeyType"
    }
}
