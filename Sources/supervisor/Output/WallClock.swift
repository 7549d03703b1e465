import Glibc

/// The `HH:MM:SS ` prefix of each line: `time()` is a vDSO call, so it is read per line, but the
/// text is formatted only when the second changes.
struct WallClock {
    private(set) var prefix: [UInt8] = []
    /// The second `prefix` shows.
    private(set) var second: time_t = -1

    /// Call before using `prefix`.
    mutating func tick() {
        let now = time(nil)
        guard now != second else { return }
        second = now
        var parts = tm()
        var value = now
        localtime_r(&value, &parts)
        prefix = Self.twoDigits(parts.tm_hour) + [58] + Self.twoDigits(parts.tm_min) + [58] + Self.twoDigits(parts.tm_sec) + [32]
    }

    private static func twoDigits(_ value: Int32) -> [UInt8] {
        [UInt8(48 + value / 10), UInt8(48 + value % 10)]
    }
}
