import Shared

/// The answer to a coalesced read: the item (or `nil` when there is none), the store's error,
/// or a refusal because too many requests already wait for the store.
public enum ReadOutcome: Sendable {
    /// The store's answer.
    case item(Item?)
    /// The store failed (the error is shared by every request of that read; it is not cached).
    case failed(StoreError)
    /// `limit` requests were already waiting for the store: refused without waiting.
    case overloaded(limit: Int)
}
