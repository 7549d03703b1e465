import CSystemd

/// The service manager's watchdog (`WATCHDOG_USEC`, `WATCHDOG_PID`), read through libsystemd's
/// `sd_watchdog_enabled`.
public enum SystemdWatchdog {
    /// How often to send `WATCHDOG=1`: half of the manager's timeout, as sd_watchdog_enabled(3)
    /// advises; nil when no watchdog is asked for this process (or the variables are malformed,
    /// which libsystemd treats alike).
    public static func keepAliveInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return keepAliveInterval(timeout: microseconds)
    }

    /// Half of a timeout of `microseconds` (pure).
    public static func keepAliveInterval(timeout microseconds: UInt64) -> Duration {
        .microseconds(Int64(clamping: microseconds / 2))
    }
}
