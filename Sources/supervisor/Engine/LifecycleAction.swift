import Glibc

/// What the lifecycle asks the event loop to do, in order.
enum LifecycleAction: Equatable, Sendable {
    /// Start a run of `instances[instance]`; answer with `.spawned` or `.spawnFailed`.
    case spawn(instance: Int)
    case signalGroup(pid_t, Int32)
    /// A stray child (not in any group we know).
    case signalProcess(pid_t, Int32)
    /// The group is empty: the watchdog must let go of its number, which the system may reuse.
    case forgetGroup(pid_t)
    /// Start a health check (`--check`); answer with `.checked`.
    case startCheck(CheckRequest)
    /// Drop the check in flight for the run leading the group (it timed out, or the run is
    /// stopping): close its socket, SIGKILL an `exec` check's group; no answer is expected.
    case cancelCheck(group: pid_t)
    case report(SupervisorEvent)
    /// Ctrl-Z: every group got SIGSTOP; now the supervisor stops itself.
    case suspendSelf
    /// SIGHUP with `--sighup reload`: read the files again and apply the difference (the
    /// runner's to do: it reads files; see `FormationRunner+Reload`).
    case reload
    /// Every process is gone: exit with this status.
    case finish(exitStatus: Int32)
}
