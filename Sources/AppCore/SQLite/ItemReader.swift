import Shared
import Synchronization

/// GetItem on the calling thread, for `/hello` on every request. GRDB's async read hops to a
/// reader queue and back (two thread wake-ups that cost more than the read); blocking on its pool
/// from the cooperative pool deadlocks (its async readers need a cooperative thread to give a
/// connection back); and one shared connection makes concurrent callers wait on each other.
///
/// So each caller takes a connection of its own from a free list, opening one when the list is
/// empty, and puts it back: callers never wait for one another. There are at most as many
/// connections as callers were ever at once, which is the number of threads that call (the
/// cooperative pool's, one per core). A lone SELECT is its own snapshot (no transaction); in WAL
/// mode it does not wait for writers (only a WAL recovery makes it wait, up to the busy timeout).
final class ItemReader: Sendable {
    private let path: String
    private let busyMilliseconds: Int32
    /// Idle connections; nil once closed.
    private let free = Mutex<[ItemReadConnection]?>([])

    init(path: String, busyMilliseconds: Int32) {
        self.path = path
        self.busyMilliseconds = busyMilliseconds
    }

    /// The item under the stored `key` in `table`; nil when there is none.
    func item(table: String, key: String) throws(StoreError) -> Item? {
        let connection = try take()
        defer { give(connection) }
        return try connection.item(table: table, key: key)
    }

    /// Closes every idle connection, and each busy one when it comes back; later reads fail.
    func close() {
        free.withLock { $0 = nil }
    }

    private func take() throws(StoreError) -> ItemReadConnection {
        let (closed, idle) = free.withLock { free -> (Bool, ItemReadConnection?) in
            guard var list = free.take() else { return (true, nil) }
            let connection = list.popLast()
            free = list
            return (false, connection)
        }
        if closed { throw StoreError(code: .unavailable, message: "the store is closed", store: "sqlite", operation: "GetItem") }
        if let idle { return idle }
        return try ItemReadConnection(path: path, busyMilliseconds: busyMilliseconds)
    }

    private func give(_ connection: ItemReadConnection) {
        free.withLock { $0?.append(connection) }
    }
}
