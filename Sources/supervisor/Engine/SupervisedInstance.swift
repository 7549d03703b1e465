import Glibc

/// One instance of the formation (e.g. `web.2`) across its restarts, as the lifecycle sees it:
/// what to run, and what happened to its runs so far.
struct SupervisedInstance: Equatable, Sendable {
    let name: String
    let type: String
    /// The type's position in the Procfile (its colour, its port block), its port and its
    /// command: what the next run starts with (a reload may change them; see `ReloadChange`).
    var typeIndex: Int
    var port: Int
    var command: String

    /// The running leader (also its process group id), or nil between runs.
    var pid: pid_t?
    var startedAt: Milliseconds = 0
    var consecutiveFailures = 0
    /// Forks that failed in a row (the system refused a process), for the retry delay.
    var forkFailures = 0
    /// When the last runs started (at most the restart limit's burst), for `RestartLimit`.
    var starts: [Milliseconds] = []
    /// When the next start is due (the first one, a restart, a retried fork).
    var startAt: Milliseconds?
    /// Exited successfully under `on-failure`: not restarted.
    var finished = false
    /// Stopped on request (`supervisor stop`, or scaled down): not restarted until asked.
    var held = false
    /// Scaled down: not part of the formation any more (its name and port come back on scale up).
    var retired = false
    /// A requested stop or restart is in progress: SIGKILL to the group at this time.
    var stopDeadline: Milliseconds?
    /// A requested restart: start again as soon as this run has ended.
    var restartAfterStop = false
    /// Runs started so far, and how the last one ended (for `status`).
    var runs = 0
    var lastExit: TerminationStatus?

    /// When a run counts as ready (`--ready`); set by the lifecycle from its options.
    var readiness = Readiness.started
    /// The current run passed its readiness check (`started`: at once).
    var ready = false
    /// The current run must be ready by then, else it counts as failed (`--ready-timeout`).
    var readyDeadline: Milliseconds?
    /// The current run's last `STATUS=`, and whether it said `STOPPING=1`.
    var statusText: String?
    var stoppingNotified = false
    /// The current run's watchdog (`WATCHDOG_USEC`): its interval and the next keep-alive's deadline.
    var watchdogInterval: Milliseconds?
    var watchdogDeadline: Milliseconds?
    /// The current run is stopped because it failed (not ready in time, watchdog): its exit
    /// then goes to the restart policy like any other.
    var failing = false
    /// A rolling restart's new run, not ready yet; and whether one is due to start.
    var replacement: Replacement?
    var replacementDue = false
    /// Due to start, but its type's dependencies are not met yet (`status` shows `waiting`).
    var waitingFor: [Dependency] = []
    /// Why the current run was stopped as failed (not ready in time, watchdog), to name it when
    /// a dependent cannot start because of it.
    var failedBecause: String?
    /// The current run is stopped for using more than its type's `--memory-max`: once it has
    /// ended it starts again, after the restart backoff, whatever `--restart` says.
    var overMemory = false

    /// An admin type's instance, run by a schedule or `supervisor trigger` (see `Lifecycle+Jobs`):
    /// never restarted, and its exit never stops the formation.
    var isJob = false

    init(name: String, type: String, typeIndex: Int, port: Int, command: String) {
        self.name = name
        self.type = type
        self.typeIndex = typeIndex
        self.port = port
        self.command = command
    }
}

extension SupervisedInstance {
    /// The state `status` shows.
    var state: String {
        if pid != nil {
            if stopDeadline != nil || stoppingNotified { return "stopping" }
            if readiness == .started { return "running" }
            return ready ? "ready" : "starting"
        }
        if held || retired { return "stopped" }
        if finished { return "exited" }
        if startAt != nil && !waitingFor.isEmpty { return "waiting" }
        if startAt != nil { return consecutiveFailures > 0 || forkFailures > 0 ? "backoff" : "starting" }
        return lastExit == nil ? "starting" : "exited"
    }

    /// Whether this instance is meant to run now (not stopped, scaled down or finished).
    var isActive: Bool { !held && !retired && !finished && !isJob }

    /// Restarts so far: every run after the first.
    var restarts: Int { max(0, runs - 1) }
}
