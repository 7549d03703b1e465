/// What the exporters need beyond the Procfile: names, image, grace period and engine details.
struct ExportSettings {
    /// The application name: a DNS label, the prefix of every unit, family and object.
    var app: String
    /// The Unix user the systemd units run as.
    var user: String
    /// Seconds the supervisor (or systemd) waits between SIGTERM and SIGKILL.
    var gracePeriod: Int
    /// Schedules of admin types.
    var schedules: [Schedule] = []
    /// Keys that are secret although their names do not look it, and keys that are not.
    var secretKeys: [String] = []
    var publicKeys: [String] = []
    /// The absolute export directory (systemd units name their environment file by path).
    var directory: String
    /// AWS region and account for log configuration and ARNs (account nil: placeholders).
    var region = "us-east-1"
    var accountID: String?
    var cpu = 256
    var memory = 512
    /// The Kubernetes namespace (default: the app name).
    var namespace: String?
    /// `--ready TYPE=notify`: systemd units of these types are `Type=notify`; containers start
    /// them with `--ready` and check `supervisor status --ready`.
    var readiness: [String: Readiness] = [:]
    /// `--watchdog-sec`: systemd's `WatchdogSec=` for `notify` types (nil: none).
    var watchdogSeconds: Int?

    func isNotify(_ type: String) -> Bool { readiness[type] == .notify }

    /// Seconds the engine waits before SIGKILL: the supervisor's grace plus a margin, so the
    /// supervisor always finishes its own shutdown first.
    var engineStopTimeout: Int { gracePeriod + 5 }
}
