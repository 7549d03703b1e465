import CSystemd

/// Tells the service manager (systemd, or the supervisor's per-formation `NOTIFY_SOCKET`) about
/// this process through libsystemd's `sd_notify`: `READY=1`, `STATUS=...`, `STOPPING=1`,
/// `WATCHDOG=1`. Without `NOTIFY_SOCKET` nothing is sent, as libsystemd does.
public enum SystemdNotifier {
    /// What a send did.
    public enum Outcome: Equatable, Sendable {
        /// The datagram went out.
        case sent
        /// No `NOTIFY_SOCKET`: nobody listens, nothing was sent.
        case noManager
        /// `sd_notify` failed with this errno (the socket missing, refused, ...).
        case failed(errno: Int32)
    }

    /// Sends `assignments` as one datagram of `KEY=VALUE` lines.
    @discardableResult
    public static func notify(_ assignments: KeyValuePairs<String, String>) -> Outcome {
        let result = sd_notify(0, message(assignments))
        if result > 0 { return .sent }
        if result == 0 { return .noManager }
        return .failed(errno: -result)
    }

    /// The datagram: `KEY=VALUE` lines joined by newlines. A value cannot span lines in this
    /// protocol, so newlines in it become spaces (a multi-line STATUS would forge other keys).
    public static func message(_ assignments: KeyValuePairs<String, String>) -> String {
        assignments.map { key, value in
            key + "=" + String(value.map { $0.isNewline ? " " : $0 })
        }.joined(separator: "\n")
    }
}
