import CSupervisor
import Glibc

/// The supervisor's own service manager (systemd, or a test's listener), as `NOTIFY_SOCKET`
/// and `WATCHDOG_USEC` name it: told `READY=1` once every instance is ready, `STOPPING=1` when
/// the formation stops, and `WATCHDOG=1` at half the watchdog interval.
struct ManagerNotifier {
    let path: String
    /// Half of `WATCHDOG_USEC`, when the watchdog is ours (`WATCHDOG_PID` unset or our pid).
    let watchdogPing: Milliseconds?
    var nextPing: Milliseconds = 0

    /// nil when the supervisor has no manager listening.
    init?(environment: [String: String]) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        self.path = path
        let ours = environment["WATCHDOG_PID"].map { $0 == String(getpid()) } ?? true
        if ours, let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 {
            watchdogPing = max(1, usec / 2000)
        } else {
            watchdogPing = nil
        }
    }

    /// Sends one message; nil, or what went wrong (one line).
    func send(_ message: String) -> String? {
        let error = Array(message.utf8).withUnsafeBytes { fm_notify_send(path, $0.baseAddress, $0.count) }
        return error == 0 ? nil : "telling the service manager (NOTIFY_SOCKET=\(path)) failed: \(ErrnoText.describe(error))"
    }

    /// `WATCHDOG=1` when due; returns the next time one is due.
    mutating func pingIfDue(now: Milliseconds) -> (due: Milliseconds?, problem: String?) {
        guard let interval = watchdogPing else { return (nil, nil) }
        guard now >= nextPing else { return (nextPing, nil) }
        nextPing = now + interval
        return (nextPing, send("WATCHDOG=1"))
    }

    /// The variables the manager gave the supervisor, which its children must not see.
    static let variables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"]
}
