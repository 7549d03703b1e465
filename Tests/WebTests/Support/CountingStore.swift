import AppCore
import Shared
import Synchronization

/// An ``ItemStore`` in front of a real one that counts `getItem` calls, can hold them until
/// released, and can fail the next ones: the only fake of the web tests, behind the protocol.
final class CountingStore: ItemStore {
    private struct State {
        var reads = 0
        var holding = false
        var held: [CheckedContinuation<Void, Never>] = []
        var failures = 0
    }

    let base: any ItemStore
    /// True by default, whatever the base says: the counting store stands for a store across a
    /// network, whose held reads are what coalescing is for.
    let sharesReads: Bool
    private let state = Mutex(State())

    init(_ base: any ItemStore, sharesReads: Bool = true) {
        self.base = base
        self.sharesReads = sharesReads
    }

    var kind: String { base.kind }

    /// `getItem` calls so far.
    var reads: Int { state.withLock { $0.reads } }

    /// Holds every `getItem` from now on until ``release()``.
    func hold() {
        state.withLock { $0.holding = true }
    }

    /// Lets the held reads, and later ones, through.
    func release() {
        let held = state.withLock { state in
            state.holding = false
            defer { state.held = [] }
            return state.held
        }
        for continuation in held { continuation.resume() }
    }

    /// Fails the next `count` reads with ``StoreError/Code/unavailable``.
    func failNext(_ count: Int) {
        state.withLock { $0.failures = count }
    }

    func getItem(table: String, key: Item) async throws(StoreError) -> Item? {
        let holding = state.withLock { state in
            state.reads += 1
            return state.holding
        }
        if holding {
            await withCheckedContinuation { continuation in
                let stillHolding = state.withLock { state in
                    if state.holding { state.held.append(continuation) }
                    return state.holding
                }
                if !stillHolding { continuation.resume() }
            }
        }
        let fails = state.withLock { state in
            defer { state.failures = max(0, state.failures - 1) }
            return state.failures > 0
        }
        if fails { throw StoreError(code: .unavailable, message: "failed by the test", store: kind, operation: "GetItem") }
        return try await base.getItem(table: table, key: key)
    }

    func createTable(_ schema: TableSchema) async throws(StoreError) { try await base.createTable(schema) }
    func describeTable(_ name: String) async throws(StoreError) -> TableInfo? { try await base.describeTable(name) }
    func putItem(table: String, item: Item) async throws(StoreError) { try await base.putItem(table: table, item: item) }
    func putItems(table: String, items: [Item]) async throws(StoreError) { try await base.putItems(table: table, items: items) }
    func scan(table: String, segment: Int, totalSegments: Int, startKey: Item?, limit: Int) async throws(StoreError) -> ItemPage {
        try await base.scan(table: table, segment: segment, totalSegments: totalSegments, startKey: startKey, limit: limit)
    }
    func createBackup(table: String, name: String) async throws(StoreError) -> BackupRecord { try await base.createBackup(table: table, name: name) }
    func listBackups(table: String?) async throws(StoreError) -> [BackupRecord] { try await base.listBackups(table: table) }
    func restoreBackup(id: String, to table: String) async throws(StoreError) -> TableInfo { try await base.restoreBackup(id: id, to: table) }
    func close() async { await base.close() }
}
