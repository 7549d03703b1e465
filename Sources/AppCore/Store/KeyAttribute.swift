import Shared

/// One key attribute of a table: its name and scalar type.
public struct KeyAttribute: Sendable, Hashable, Codable {
    /// The attribute's name.
    public var name: String
    /// `S`, `N` or `B`.
    public var type: AttributeDefinition.ScalarType

    /// Creates a key attribute.
    public init(_ name: String, _ type: AttributeDefinition.ScalarType) {
        self.name = name
        self.type = type
    }

    /// Whether `value` has this attribute's type and is usable as a key (non-empty `S` and `B`).
    public func accepts(_ value: AttributeValue) -> Bool {
        switch (type, value) {
        case (.s, .s(let text)): !text.isEmpty
        case (.n, .n(let text)): CanonicalNumber.normalize(text) != nil
        case (.b, .b(let data)): !data.isEmpty
        default: false
        }
    }
}
