import Shared

/// What a read is for: a table and an item key. Reads of the same key share one store call.
public struct ReadKey: Sendable, Hashable {
    /// The table.
    public var table: String
    /// The item's key attributes.
    public var key: Item

    /// Creates a key.
    public init(table: String, key: Item) {
        self.table = table
        self.key = key
    }
}
