import Glibc

/// The system side of the lifecycle that both runners share: the signals its actions send, the
/// watchdog that stops every group if we are killed outright, reaping, and the survey of groups
/// and stray children it asks for.
struct ProcessControl {
    private(set) var watchdog: Watchdog?
    /// How each watched group is stopped, to hand a replacement watchdog.
    private var stops: [pid_t: GroupStop] = [:]

    static func start() throws(SupervisorError) -> ProcessControl {
        ProcessControl(watchdog: try Watchdog.start())
    }

    /// A new group to stop, as `stop` says, if the supervisor dies. `listed`: the spawner
    /// already gave it to the watchdog (`ProcessSpawner.Request.watchGrace`).
    mutating func watch(group pgid: pid_t, stop: GroupStop, listed: Bool = false) {
        stops[pgid] = stop
        if !listed { watchdog?.watch(group: pgid, stop: stop) }
    }

    /// Carries out the lifecycle's system actions; the runner's own (spawn, report, suspend,
    /// finish) are left to it.
    mutating func perform(_ action: LifecycleAction) {
        switch action {
        case .signalGroup(let pgid, let signal): ProcessGroup.signal(pgid, signal)
        case .signalProcess(let pid, let signal): kill(pid, signal)
        case .forgetGroup(let pgid):
            stops[pgid] = nil
            watchdog?.forget(group: pgid)
        case .spawn, .report, .suspendSelf, .finish, .startCheck, .cancelCheck, .reload: break
        }
    }

    /// Collects every ended child, ours or an orphan re-parented to us (as PID 1 or as a
    /// subreaper), so no zombie remains. A dead watchdog is replaced at once and handed
    /// `liveGroups`; what to say about it comes back as events.
    mutating func reap(liveGroups: [pid_t]) -> (ended: [LifecycleEvent.Reaped], events: [SupervisorEvent]) {
        var ended: [LifecycleEvent.Reaped] = []
        var events: [SupervisorEvent] = []
        for (pid, status) in Reaper.reapAll() {
            if pid == watchdog?.pid {
                events.append(replaceWatchdog(after: status, liveGroups: liveGroups))
            } else {
                ended.append(LifecycleEvent.Reaped(pid: pid, status: status, groupAlive: ProcessGroup.isAlive(pid)))
            }
        }
        return (ended, events)
    }

    /// What the lifecycle asked to see: which groups still have members, and the children that
    /// are neither a leader nor the watchdog (reading /proc: only when asked). Called at the end
    /// of every turn of the loop, so what is not asked for costs nothing: `leaders` is built
    /// only for the strays.
    func survey(_ request: Survey.Request, leaders: @autoclosure () -> Set<pid_t>) -> Survey {
        var survey = Survey(aliveGroups: request.groups.isEmpty ? [] : Set(request.groups.filter(ProcessGroup.isAlive)))
        if request.strays {
            let watchdogPID = watchdog?.pid ?? -1
            let leaders = leaders()
            survey.strays = ChildProcesses.of(getpid()).filter { !leaders.contains($0) && $0 != watchdogPID }
        }
        return survey
    }

    /// Every group is stopped: the watchdog exits; wait for it so it is not left behind.
    func finish() { watchdog?.finish() }

    /// The watchdog died (killed by someone, the OOM killer): start a new one and hand it every
    /// group that is still ours, so that a later `kill -9` of the supervisor still stops them.
    private mutating func replaceWatchdog(after status: TerminationStatus, liveGroups: [pid_t]) -> SupervisorEvent {
        guard let old = watchdog else { return .warning("an unknown watchdog \(status)") }
        old.abandon()
        watchdog = nil
        do {
            let fresh = try Watchdog.start()
            for pgid in liveGroups { fresh.watch(group: pgid, stop: stops[pgid] ?? GroupStop(TypePolicy())) }
            watchdog = fresh
            return .warning("the watchdog (pid \(old.pid)) \(status): started a new one (pid \(fresh.pid))")
        } catch {
            return .warning("the watchdog (pid \(old.pid)) \(status) and a new one cannot start (\(error.description)): if the supervisor is killed outright, its processes keep running")
        }
    }
}
