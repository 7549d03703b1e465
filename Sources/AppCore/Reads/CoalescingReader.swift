import Shared
import Synchronization

/// Reads items through ``ReadFlights``: concurrent reads of the same key share one store call,
/// answers are kept for `cacheTTL`, and beyond `maxWaiting` requests waiting for the store a
/// read is refused at once. One per process, in front of its store.
///
/// A store whose reads are not worth sharing (``ItemStore/sharesReads`` false: the embedded
/// store reads in-process on the caller's thread) is read by each request itself, through the
/// kept answers only: such a read never waits, so it never counts against `maxWaiting`.
public final class CoalescingReader: Sendable {
    /// What a request does after its admission, delivered through its continuation.
    private enum Turn: Sendable {
        case answer(Result<Item?, StoreError>)
        case lead
        case overloaded
    }

    /// The store read from.
    public let store: any ItemStore
    private let flights: Mutex<ReadFlights<CheckedContinuation<Turn, Never>>>
    /// `store.sharesReads`, read once.
    private let shares: Bool
    /// Whether answers are kept at all (a TTL above zero).
    private let keeps: Bool

    /// A reader of `store` that lets `maxWaiting` requests wait for it at once and keeps
    /// answers for `cacheTTL` (zero: coalescing only).
    public init(store: any ItemStore, maxWaiting: Int, cacheTTL: Duration = .zero) {
        self.store = store
        shares = store.sharesReads
        keeps = cacheTTL > .zero
        flights = Mutex(ReadFlights(maxWaiting: maxWaiting, ttl: cacheTTL))
    }

    /// Requests waiting for the store now.
    public var waiting: Int { flights.withLock { $0.waiting } }

    /// The limit of requests waiting for the store.
    public var maxWaiting: Int { flights.withLock { $0.maxWaiting } }

    /// The item with `key` in `table`, shared with the concurrent requests for it.
    public func getItem(table: String, key: Item) async -> ReadOutcome {
        let readKey = ReadKey(table: table, key: key)
        guard shares else { return await readAlone(readKey) }
        // A leader, a kept answer or a refusal needs no suspension; only a follower waits.
        switch flights.withLock({ $0.admitWithoutWaiting(readKey, now: .now) }) {
        case .cached(let item): return .item(item)
        case .lead: return await lead(readKey)
        case .overloaded: return .overloaded(limit: maxWaiting)
        case .follow: break
        }
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            switch flights.withLock({ $0.admit(readKey, waiter: continuation, now: .now) }) {
            case .cached(let item): continuation.resume(returning: .answer(.success(item)))
            case .lead: continuation.resume(returning: .lead)
            case .overloaded: continuation.resume(returning: .overloaded)
            case .follow: break  // resumed by the leader's completion
            }
        }
        switch turn {
        case .answer(let result): return Self.outcome(result)
        case .overloaded: return .overloaded(limit: maxWaiting)
        case .lead: return await lead(readKey)
        }
    }

    /// Reads `readKey` from the store and hands the answer to its followers.
    private func lead(_ readKey: ReadKey) async -> ReadOutcome {
        let result: Result<Item?, StoreError>
        do {
            result = .success(try await store.getItem(table: readKey.table, key: readKey.key))
        } catch {
            result = .failure(error)
        }
        let followers = flights.withLock { $0.complete(readKey, with: result, now: .now) }
        for follower in followers { follower.resume(returning: .answer(result)) }
        return Self.outcome(result)
    }

    /// Reads `readKey` without sharing the read: from the kept answers when one is there, else
    /// from the store, keeping a successful answer.
    private func readAlone(_ readKey: ReadKey) async -> ReadOutcome {
        if keeps, let item = flights.withLock({ $0.cached(readKey, now: .now) }) { return .item(item) }
        do {
            let item = try await store.getItem(table: readKey.table, key: readKey.key)
            if keeps { flights.withLock { $0.keep(readKey, item, now: .now) } }
            return .item(item)
        } catch {
            return .failed(error)
        }
    }

    /// Drops the kept answers: after the configured table changed.
    public func forgetKept() {
        flights.withLock { $0.forgetKept() }
    }

    private static func outcome(_ result: Result<Item?, StoreError>) -> ReadOutcome {
        switch result {
        case .success(let item): .item(item)
        case .failure(let error): .failed(error)
        }
    }
}
