/// The type of a key attribute.
public struct AttributeDefinition: Codable, Sendable, Hashable {
    /// A key attribute's scalar type.
    public enum ScalarType: String, Codable, Sendable {
        /// String.
        case s = "S"
        /// Number.
        case n = "N"
        /// Binary.
        case b = "B"
    }

    /// The attribute's name.
    public var attributeName: String
    /// Its type.
    public var attributeType: ScalarType

    /// Creates a definition.
    public init(_ attributeName: String, _ attributeType: ScalarType) {
        self.attributeName = attributeName
        self.attributeType = attributeType
    }

    enum CodingKeys: String, CodingKey {
        case attributeName = "AttributeName", attributeType = "AttributeType"
    }
}
