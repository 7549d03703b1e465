/// The token bucket of the SDKs' adaptive retry mode (botocore's `TokenBucket`): it fills at
/// `fillRate` tokens a second up to `maxCapacity`; each request takes one. A request that finds
/// no token is told how long to wait and takes its token in advance (the capacity goes below
/// zero), so callers that arrive together wait in turn. Pure: times are seconds on the caller's
/// monotonic clock.
struct SendTokenBucket: Sendable, Equatable {
    /// The slowest fill rate, in tokens a second (0.5 in the SDKs).
    static let minimumRate = 0.5

    /// The rate the limiter last set.
    private(set) var maxRate = 0.0
    /// Tokens a second.
    private(set) var fillRate = Self.minimumRate
    /// The most tokens held.
    private(set) var maxCapacity = 1.0
    /// Tokens now; below zero when callers wait for tokens already promised.
    private(set) var capacity = 0.0
    private var lastRefill: Double?

    init(maxRate: Double, at now: Double) {
        setMaxRate(maxRate, at: now)
    }

    /// Changes the rate: fill at `rate` (at least ``minimumRate``), hold at most `max(rate, 1)`.
    mutating func setMaxRate(_ rate: Double, at now: Double) {
        refill(at: now)
        maxRate = rate
        fillRate = max(rate, Self.minimumRate)
        maxCapacity = max(rate, 1)
        capacity = min(capacity, maxCapacity)
    }

    /// Takes a token at `now`; returns how many seconds the caller waits before sending (0 when
    /// a token was there).
    mutating func acquire(at now: Double) -> Double {
        refill(at: now)
        let wait = capacity >= 1 ? 0 : (1 - capacity) / fillRate
        capacity -= 1
        return wait
    }

    private mutating func refill(at now: Double) {
        guard let last = lastRefill else {
            lastRefill = now
            return
        }
        capacity = min(maxCapacity, capacity + max(0, now - last) * fillRate)
        lastRefill = max(last, now)
    }
}
