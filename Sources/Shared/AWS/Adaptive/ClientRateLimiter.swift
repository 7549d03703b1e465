import Synchronization

/// Carries out an ``AdaptiveRateLimiter``: one per AWS client, shared by all its requests. Before
/// each attempt ``waitForToken()`` sleeps as long as the limiter says; after each answer
/// ``record(throttled:)`` feeds it.
public final class ClientRateLimiter: Sendable {
    private let state: Mutex<AdaptiveRateLimiter>
    private let origin = ContinuousClock.now

    /// A limiter that lets everything through until the first throttle.
    public init() {
        state = Mutex(AdaptiveRateLimiter(start: 0))
    }

    /// Whether a throttle has been seen.
    public var isEnabled: Bool { state.withLock { $0.isEnabled } }

    /// The rate the limiter allows now, in requests a second.
    public var sendRate: Double { state.withLock { $0.sendRate } }

    /// Waits for a send token; throws when cancelled while waiting.
    public func waitForToken() async throws {
        let now = seconds()
        let wait = state.withLock { $0.acquire(at: now) }
        guard wait > 0 else { return }
        try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up))))
    }

    /// Feeds an attempt's outcome: throttled or not.
    public func record(throttled: Bool) {
        let now = seconds()
        state.withLock { $0.record(throttled: throttled, at: now) }
    }

    private func seconds() -> Double {
        let (whole, fraction) = (ContinuousClock.now - origin).components
        return Double(whole) + Double(fraction) / 1e18
    }
}
