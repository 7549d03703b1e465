import Shared

/// One page of a scan.
public struct ItemPage: Sendable {
    /// The items of the page.
    public var items: [Item]
    /// The key to start the next page after; `nil` on the last page.
    public var lastEvaluatedKey: Item?

    /// Creates a page.
    public init(items: [Item], lastEvaluatedKey: Item?) {
        self.items = items
        self.lastEvaluatedKey = lastEvaluatedKey
    }
}
