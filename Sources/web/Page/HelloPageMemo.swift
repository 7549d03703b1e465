import NIOCore
import Shared
import Synchronization

/// The last `/hello` page rendered, with the item it shows: the item is read on every request,
/// and while it stays the same its page is served again instead of rendered again (escaping,
/// the colour check and the string building cost more than comparing two items). A changed item
/// is rendered at once. One per process.
final class HelloPageMemo: Sendable {
    private struct Entry {
        let item: Item
        let page: ByteBuffer
    }

    private let last = Mutex<Entry?>(nil)

    /// The page of `item`: the kept one when `item` is the one it shows, else a new one, kept.
    func page(for item: Item) -> ByteBuffer {
        if let kept = last.withLock({ $0 }), kept.item == item { return kept.page }
        let page = ByteBuffer(string: HelloPage.render(item))
        last.withLock { $0 = Entry(item: item, page: page) }
        return page
    }
}
