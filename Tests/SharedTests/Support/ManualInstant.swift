import Synchronization

/// A hand-advanced time source for code that takes `now: () -> ContinuousClock.Instant`.
final class ManualInstant: Sendable {
    private let offset = Mutex<Duration>(.zero)
    private let base = ContinuousClock.now

    var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in base + offset.withLock { $0 } }
    }

    func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}
