import Shared

/// The state of coalesced reads, as a value: which reads are in flight, who waits for each, the
/// answers kept for a TTL, and how many requests wait for the store in all. Events in, actions
/// out; ``CoalescingReader`` carries the actions out (the store call, resuming the waiters).
///
/// A request for a key with a read in flight waits for that read instead of starting another
/// (single flight); the first request of a key leads: it calls the store. Every request waiting
/// for the store counts against `maxWaiting`, leaders and followers alike; beyond it a request
/// is refused at once. Only successful answers are kept, and only when `ttl` is above zero.
public struct ReadFlights<Waiter: Sendable>: Sendable {
    /// What a request does next.
    public enum Admission: Sendable, Equatable {
        /// Answer with this, kept from an earlier read.
        case cached(Item?)
        /// Call the store, then ``ReadFlights/complete(_:with:now:)``.
        case lead
        /// Wait: the waiter is resumed when the read in flight completes.
        case follow
        /// Too many requests wait for the store: refuse.
        case overloaded
    }

    /// The most requests that may wait for the store at once.
    public let maxWaiting: Int
    /// How long an answer is kept; zero keeps none.
    public let ttl: Duration
    /// Requests waiting for the store now (leaders and followers).
    public private(set) var waiting = 0
    private var followers: [ReadKey: [Waiter]] = [:]
    private var kept: [ReadKey: (item: Item?, expires: ContinuousClock.Instant)] = [:]

    /// Empty state.
    public init(maxWaiting: Int, ttl: Duration) {
        self.maxWaiting = max(1, maxWaiting)
        self.ttl = ttl
    }

    /// Reads in flight now.
    public var inFlight: Int { followers.count }

    /// The kept answer for `key` at `now`, if there is one that has not expired.
    public func cached(_ key: ReadKey, now: ContinuousClock.Instant) -> Item?? {
        guard let entry = kept[key], now < entry.expires else { return nil }
        return .some(entry.item)
    }

    /// A request for `key` arrives at `now` and would rather not wait: `.cached`, `.lead` or
    /// `.overloaded` as ``admit(_:waiter:now:)`` decides them; `.follow` when a read of `key` is in
    /// flight, with nothing recorded: the caller then calls `admit` with its waiter.
    public mutating func admitWithoutWaiting(_ key: ReadKey, now: ContinuousClock.Instant) -> Admission {
        if let item = cached(key, now: now) { return .cached(item) }
        if followers[key] != nil { return .follow }
        guard waiting < maxWaiting else { return .overloaded }
        waiting += 1
        followers[key] = []
        return .lead
    }

    /// A request for `key` arrives at `now`; `waiter` is kept when it is to follow.
    public mutating func admit(_ key: ReadKey, waiter: Waiter, now: ContinuousClock.Instant) -> Admission {
        if let item = cached(key, now: now) { return .cached(item) }
        guard waiting < maxWaiting else { return .overloaded }
        waiting += 1
        if followers[key] != nil {
            followers[key, default: []].append(waiter)
            return .follow
        }
        followers[key] = []
        return .lead
    }

    /// The read of `key` finished at `now` with `result`: the followers to resume with it.
    public mutating func complete(_ key: ReadKey, with result: Result<Item?, StoreError>, now: ContinuousClock.Instant) -> [Waiter] {
        let waiters = followers.removeValue(forKey: key) ?? []
        waiting -= 1 + waiters.count
        if case .success(let item) = result { keep(key, item, now: now) }
        return waiters
    }

    /// Keeps `item` as the answer for `key` from `now` on, for `ttl` (nothing when it is zero):
    /// after a successful read, shared or not.
    public mutating func keep(_ key: ReadKey, _ item: Item?, now: ContinuousClock.Instant) {
        guard ttl > .zero else { return }
        if kept.count >= 64 { kept = kept.filter { now < $0.value.expires } }
        kept[key] = (item, now + ttl)
    }

    /// Drops every kept answer (the configured table changed).
    public mutating func forgetKept() {
        kept.removeAll()
    }
}
