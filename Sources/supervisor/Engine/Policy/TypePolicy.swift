import Glibc

/// How the supervisor runs one process type: what happens when a run ends on its own, and how a
/// run is stopped. `FormationPolicy` gives each type its own, from a default and overrides.
struct TypePolicy: Equatable, Sendable {
    /// What happens when a run exits on its own (`--restart`).
    var restart = RestartPolicy.never
    /// The signal that asks a run to stop (`--stop-signal`); SIGKILL follows after `gracePeriod`.
    var stopSignal = SIGTERM
    /// How long a run may take to stop after `stopSignal` (`-t/--timeout`).
    var gracePeriod: Milliseconds = 5000
    /// What the type's instances wait for before they start (`--after`), with the release rule
    /// applied by `FormationPolicy.dependencies(of:running:)`.
    var after: [Dependency] = []
    /// The health check (`--check`): readiness at its first success, a restart after its
    /// failure threshold. Nil: none.
    var check: HealthCheck?
    /// The cap on the process group's resident memory, in bytes (`--memory-max`): over it, the
    /// run is restarted through its stop path. Nil: none.
    var memoryMax: Int?
    /// When the type runs on its own (`--schedule`): an admin type, run by the formation's
    /// scheduler (and by every export's). Nil: none.
    var schedule: Schedule?

    /// The longest grace period: one day, as `--timeout` always allowed.
    static let maximumGracePeriod: Milliseconds = 86_400_000

    /// Whether a run may be asked to stop with `signal`: a catchable signal from 1 to 64
    /// (SIGKILL and SIGSTOP cannot be handled, so they would skip the grace period).
    static func isStopSignal(_ signal: Int32) -> Bool {
        (1...64).contains(signal) && signal != SIGKILL && signal != SIGSTOP
    }
}
