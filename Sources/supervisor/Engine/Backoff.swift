/// Restart delays: 0.5 s doubling to 30 s; the count of consecutive failures resets when a run
/// lasted 30 s. Giving up is `RestartLimit`'s decision, not this one's.
struct Backoff: Sendable, Equatable {
    var initialMilliseconds = 500
    var maximumMilliseconds = 30_000
    var resetAfterMilliseconds: Int64 = 30_000

    /// The delay before the next start after `failures` consecutive failed runs (1-based).
    func delay(afterConsecutiveFailures failures: Int) -> Int {
        var delay = initialMilliseconds
        var step = 1
        while step < failures && delay < maximumMilliseconds {
            delay *= 2
            step += 1
        }
        return min(delay, maximumMilliseconds)
    }

    /// The new count of consecutive failures after a run of `runtime` ms that ended.
    func failures(after previous: Int, runtimeMilliseconds runtime: Int64) -> Int {
        runtime >= resetAfterMilliseconds ? 1 : previous + 1
    }
}
