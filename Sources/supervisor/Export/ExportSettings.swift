/// What the exporters need beyond the Procfile: names, image, each type's policy and engine details.
struct ExportSettings {
    /// The application name: a DNS label, the prefix of every unit, family and object.
    var app: String
    /// The Unix user the systemd units run as.
    var user: String
    /// Each type's restart policy, stop signal and grace period, read as `start` reads them
    /// (`--restart`, `--stop-signal`, `-t` and `FORMATION_RESTART`, `FORMATION_STOP_SIGNAL`,
    /// `FORMATION_TIMEOUT`), so that `start` and the exported files cannot disagree.
    var policy = FormationPolicy()
    /// `--no-release`: the type named `release` is exported as an admin type (run by hand).
    var noRelease = false
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

    /// Seconds the engine waits beyond a type's grace period before SIGKILL, so the supervisor
    /// always finishes its own shutdown first.
    static let engineMargin = 5

    func isNotify(_ type: String) -> Bool { readiness[type] == .notify }

    /// Whether `type`'s formation count holds (`--no-release` makes `release` an admin type).
    func runs(_ type: String) -> Bool { !(noRelease && type == FormationPolicy.releaseType) }

    /// The policy `start` applies to `type`.
    func policy(for type: String) -> TypePolicy { policy.policy(for: type) }

    /// Whole seconds the engine waits between its stop signal and SIGKILL for `type`: the type's
    /// grace period, rounded up, plus `engineMargin`.
    func engineStopTimeout(for type: String) -> Int {
        Int((policy(for: type).gracePeriod + 999) / 1000) + Self.engineMargin
    }
}
