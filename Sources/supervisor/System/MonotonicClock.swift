import Glibc

/// Milliseconds on the monotonic clock: deadlines that survive wall-clock changes.
enum MonotonicClock {
    static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
