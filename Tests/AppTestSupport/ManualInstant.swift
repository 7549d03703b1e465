import Synchronization

/// A hand-advanced time source for code that takes `now: () -> ContinuousClock.Instant`.
public final class ManualInstant: Sendable {
    private let offset = Mutex<Duration>(.zero)
    private let base = ContinuousClock.now

    /// Creates a clock that starts at the real now and moves only when advanced.
    public init() {}

    /// The current instant, as a function to hand to the code under test.
    public var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in base + offset.withLock { $0 } }
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}
