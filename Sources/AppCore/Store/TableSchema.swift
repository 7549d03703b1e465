import Shared

/// A table's name and primary key: a partition key and an optional sort key, each a scalar
/// attribute (`S`, `N` or `B`), as in DynamoDB.
public struct TableSchema: Sendable, Hashable, Codable {
    /// The table's name.
    public var name: String
    /// The partition (hash) key.
    public var partitionKey: KeyAttribute
    /// The sort (range) key, if any.
    public var sortKey: KeyAttribute?

    /// Creates a schema.
    public init(name: String, partitionKey: KeyAttribute, sortKey: KeyAttribute? = nil) {
        self.name = name
        self.partitionKey = partitionKey
        self.sortKey = sortKey
    }

    /// The key attributes, partition key first.
    public var keyAttributes: [KeyAttribute] {
        [partitionKey] + (sortKey.map { [$0] } ?? [])
    }

    /// The same key under another table name.
    public func renamed(_ name: String) -> TableSchema {
        TableSchema(name: name, partitionKey: partitionKey, sortKey: sortKey)
    }

    /// Only the key attributes of `item`.
    public func key(of item: Item) -> Item {
        var key: Item = [:]
        for attribute in keyAttributes {
            if let value = item[attribute.name] { key[attribute.name] = value }
        }
        return key
    }
}
