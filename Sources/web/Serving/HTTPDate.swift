#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The `Date` header's format (RFC 9110's IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`), in
/// English whatever the locale.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date `seconds` after 1970-01-01 00:00:00 UTC (pure).
    static func format(secondsSince1970 seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// The last second formatted: the header changes once a second, requests come far more often.
    private static let lastSecond = Mutex<(seconds: Int, text: String)>((-1, ""))

    /// The date now, formatted at most once a second.
    static func now() -> String {
        now(secondsSince1970: Int(time(nil)))
    }

    /// The date `seconds` after the epoch, through the one-second cache.
    static func now(secondsSince1970 seconds: Int) -> String {
        lastSecond.withLock { last in
            if last.seconds != seconds { last = (seconds, format(secondsSince1970: seconds)) }
            return last.text
        }
    }
}
