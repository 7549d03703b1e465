/// The placeholders that condition, update, key-condition, filter and projection expressions use:
/// `#name` -> attribute name and `:value` -> attribute value.
public struct ExpressionParameters: Sendable, Hashable {
    /// `ExpressionAttributeNames`.
    public var names: [String: String]
    /// `ExpressionAttributeValues`.
    public var values: [String: AttributeValue]

    /// Creates placeholders.
    public init(names: [String: String] = [:], values: [String: AttributeValue] = [:]) {
        self.names = names
        self.values = values
    }
}
