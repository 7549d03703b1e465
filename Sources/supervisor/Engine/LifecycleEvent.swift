import Glibc

/// What the event loop tells the lifecycle: something happened at `now`.
enum LifecycleEvent: Equatable, Sendable {
    /// The formation starts: every instance is due.
    case begin(now: Milliseconds)
    /// A `.spawn` action succeeded.
    case spawned(instance: Int, pid: pid_t, now: Milliseconds)
    /// A `.spawn` action failed. `forkRefused`: the system had no process for us (EAGAIN,
    /// ENOMEM), so nothing ran and the attempt is retried; otherwise the run counts as exit 127.
    case spawnFailed(instance: Int, reason: String, forkRefused: Bool, now: Milliseconds)
    /// Children that ended, reaped in one pass (leaders and orphans alike; output read first).
    case reaped([Reaped], now: Milliseconds)
    /// A request from the control socket (the runner has checked the targets).
    case request(LifecycleRequest, now: Milliseconds)
    /// A signal the supervisor received (not SIGCHLD: that is `reaped`).
    case signal(Int32, now: Milliseconds)
    /// The end of a loop turn: timers that are due, with what the loop saw of the groups and
    /// stray children the lifecycle asked about (`Lifecycle.surveyRequest`).
    case tick(now: Milliseconds, Survey)
    /// A notify datagram (`NOTIFY_SOCKET`) from a member of process group `group`.
    case notify(group: pid_t, NotifyMessage, now: Milliseconds)
    /// A `port` readiness check connected to the port of the run leading `group`.
    case portOpen(group: pid_t, now: Milliseconds)
    /// The resident memory of the groups of capped types (`--memory-max`) that the loop sampled
    /// (`Lifecycle.memoryGroups`); a group with no member left is absent.
    case memory([MemoryUsage], now: Milliseconds)
    /// A health check of the run leading `group` (asked for by `.startCheck`) answered.
    case checked(group: pid_t, CheckResult, now: Milliseconds)

    struct Reaped: Equatable, Sendable {
        let pid: pid_t
        let status: TerminationStatus
        /// Whether its process group still has members (a background job of a shell).
        let groupAlive: Bool
    }
}
