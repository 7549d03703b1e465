import Glibc

/// Something the supervisor itself did or saw, reported in the same stream as the children's
/// lines (under the name `supervisor`).
enum SupervisorEvent: Equatable, Sendable {
    case spawned(instance: String, pid: pid_t, port: Int)
    case spawnFailed(instance: String, reason: String)
    /// `duringStop`: the supervisor asked for it, so a signal death is no problem.
    case exited(instance: String, pid: pid_t, status: TerminationStatus, duringStop: Bool)
    case stopping(reason: String, signal: Int32, processes: Int, gracePeriodMilliseconds: Int)
    case killing(instance: String, pid: pid_t, afterMilliseconds: Int)
    case forwarded(signal: Int32, processes: Int)
    case restarting(instance: String, delayMilliseconds: Int, attempt: Int)
    case gaveUp(instance: String, limit: RestartLimit, status: TerminationStatus)
    case warning(String)
    /// A control-socket request and its outcome: `what` (e.g. `restart web`), who asked, the reply.
    case request(what: String, peer: PeerCredentials, outcome: String, refused: Bool)
    /// A run passed its readiness check (`--ready notify|port`).
    case ready(instance: String, pid: pid_t, afterMilliseconds: Int)
    /// A run failed its readiness check or watchdog and gets `signal`.
    case notReady(instance: String, pid: pid_t, reason: String, signal: Int32)
    /// A rolling restart's new run is ready and took over; the old run drains.
    case replaced(instance: String, old: pid_t, new: pid_t, afterMilliseconds: Int, signal: Int32)
    /// A rolling restart stopped: the old run keeps serving; `skipped` were not restarted.
    case rollAborted(instance: String, reason: String, skipped: [String])
    /// Every instance is ready (the supervisor's own `READY=1`).
    case formationReady(instances: Int)
    /// An instance is due to start but waits for its type's dependencies (`--after`, the release rule).
    case waiting(instance: String, dependencies: [Dependency])
    /// `dependency` cannot be met any more (`reason`: how its type ended): `waiting` types do not start.
    case dependencyFailed(waiting: [String], dependency: Dependency, reason: String)
    /// A run's process group uses `bytes` of resident memory, over its type's `--memory-max`
    /// (`cap`): it gets `signal`, to be restarted (`restart`), or to end it (a rolling restart's new run, a job's run).
    case overMemory(instance: String, pid: pid_t, bytes: Int, cap: Int, signal: Int32, restart: Bool)

    /// A run's health check (`check`, as `--check` spells it) failed `failures` times in a row
    /// (`last`: its last answer or error): the run gets `signal`, and its restart policy applies.
    case checkFailed(instance: String, pid: pid_t, check: String, failures: Int, last: String, signal: Int32)

    /// An admin type's schedule came due while its last run (`pid`, started at `since`) was
    /// still going: that due time (`due`, UTC ISO-8601) is skipped, not run twice.
    case jobSkipped(instance: String, due: String, pid: pid_t, since: String)

    /// A watched path of `type` changed (`--watch`; `paths`: the first few, `changes` in all):
    /// its `instances` restart one at a time, as `supervisor restart TYPE` would.
    case watchRestart(type: String, paths: [String], changes: Int, instances: [String])

    /// The Procfile, `.env` files and policy were read again (`by`: `reload` and who asked, or
    /// SIGHUP) and `changes` applied (each in words; none: nothing changed).
    case reloaded(by: String, changes: [String])

    /// The process instance the event is about, if any.
    var instance: String? {
        switch self {
        case .spawned(let instance, _, _), .spawnFailed(let instance, _), .exited(let instance, _, _, _),
            .killing(let instance, _, _), .restarting(let instance, _, _), .gaveUp(let instance, _, _),
            .ready(let instance, _, _), .notReady(let instance, _, _, _), .replaced(let instance, _, _, _, _),
            .rollAborted(let instance, _, _), .waiting(let instance, _), .checkFailed(let instance, _, _, _, _, _), .overMemory(let instance, _, _, _, _, _),
            .jobSkipped(let instance, _, _, _):
            return instance
        case .stopping, .forwarded, .warning, .request, .formationReady, .dependencyFailed, .watchRestart, .reloaded:
            return nil
        }
    }

    /// One line for people.
    var message: String {
        switch self {
        case .spawned(let instance, let pid, let port):
            return "spawned \(instance) (pid \(pid), port \(port))"
        case .spawnFailed(_, let reason):
            return reason
        case .exited(let instance, let pid, let status, _):
            return "\(instance) (pid \(pid)) \(status)"
        case .stopping(let reason, _, 0, _):
            return "\(reason): no other process to stop"
        case .stopping(let reason, let signal, let processes, let grace):
            return "\(reason): sending \(SignalName.of(signal)) to \(processes) process group\(processes == 1 ? "" : "s") (grace period \(Self.seconds(grace)))"
        case .killing(let instance, let pid, let after):
            return "\(instance) (pid \(pid)) still running after \(Self.seconds(after)): sending SIGKILL"
        case .forwarded(let signal, let processes):
            return "forwarding \(SignalName.of(signal)) to \(processes) process group\(processes == 1 ? "" : "s")"
        case .restarting(let instance, let delay, let attempt):
            return "restarting \(instance) in \(Self.seconds(delay)) (attempt \(attempt))"
        case .gaveUp(let instance, let limit, let status):
            return "\(instance) reached the restart limit of \(limit.description) (last run \(status)): giving up, the formation stops (--restart-limit \(limit.argument))"
        case .warning(let text):
            return text
        case .request(let what, let peer, let outcome, _):
            return "control: \(what) (from pid \(peer.pid), uid \(peer.uid)): \(outcome)"
        case .ready(let instance, let pid, let after):
            return "\(instance) (pid \(pid)) is ready after \(Self.seconds(after))"
        case .notReady(let instance, let pid, let reason, let signal):
            return "\(instance) (pid \(pid)) \(reason): sending \(SignalName.of(signal))"
        case .replaced(let instance, let old, let new, let after, let signal):
            return "\(instance): pid \(new) is ready after \(Self.seconds(after)) and takes over; pid \(old) drains (\(SignalName.of(signal)))"
        case .rollAborted(let instance, let reason, let skipped):
            let rest = skipped.isEmpty ? "" : "; not restarted: \(skipped.joined(separator: ", "))"
            return "restart of \(instance) aborted: \(reason); the old run keeps serving\(rest)"
        case .formationReady(let count):
            return "all \(count) instance\(count == 1 ? " is" : "s are") ready"
        case .waiting(let instance, let dependencies):
            return "\(instance) waits for \(dependencies.map(\.description).joined(separator: ", "))"
        case .dependencyFailed(let waiting, let dependency, let reason):
            let who = waiting.count == 1 ? "\(waiting[0]) waits" : "\(Self.list(waiting)) wait"
            return "\(who) for \(dependency), which \(reason): \(waiting.count == 1 ? "it does" : "they do") not start"
        case .overMemory(let instance, let pid, let bytes, let cap, let signal, let restart):
            let usage = "\(instance): pid \(pid) uses \(MemoryUsage.text(bytes, over: cap)) (resident, its process group), over its --memory-max \(MemorySize.text(cap))"
            return "\(usage); \(restart ? "restarting" : "stopping it") (\(SignalName.of(signal)))"
        case .checkFailed(let instance, let pid, let check, let failures, let last, let signal):
            let times = failures == 1 ? "failed" : "failed \(failures) times in a row"
            return "\(instance): health check \(check) \(times) (last: \(last)); stopping pid \(pid) (\(SignalName.of(signal)))"
        case .jobSkipped(let instance, let due, let pid, let since):
            let going = pid == 0 ? "the run asked for before has not started yet" : "the run started at \(since) (pid \(pid)) is still going"
            return "\(instance): the run due at \(due) is skipped: \(going)"
        case .watchRestart(let type, let paths, let changes, let instances):
            let more = changes > paths.count && paths.count == WatchDebounce.shownPaths ? " and more" : ""
            let changed = "\(type) changed (\(paths.joined(separator: ", "))\(more))"
            return instances.isEmpty
                ? "\(changed): no instance of \(type) runs, nothing to restart"
                : "\(changed): restarting \(instances.joined(separator: ", ")) one at a time"
        case .reloaded(let by, let changes):
            return changes.isEmpty ? "\(by): nothing changed" : "\(by): \(changes.joined(separator: "; "))"
        }
    }

    /// Whether the event reports a problem (shown like stderr).
    var isProblem: Bool {
        switch self {
        case .spawnFailed, .killing, .gaveUp, .warning, .notReady, .rollAborted, .dependencyFailed, .overMemory, .checkFailed, .jobSkipped: return true
        case .request(_, _, _, let refused): return refused
        case .exited(_, _, let status, let duringStop): return !status.isSuccess && !duringStop
        default: return false
        }
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ words: [String]) -> String {
        words.count <= 1 ? words.joined() : words.dropLast().joined(separator: ", ") + " and " + (words.last ?? "")
    }

    static func seconds(_ milliseconds: Int) -> String {
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        if milliseconds < 1000 && milliseconds % 100 != 0 { return "\(milliseconds)ms" }
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10)s"
    }
}
