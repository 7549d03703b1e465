import Glibc

/// `supervisor run`: one process with the supervisor's stdin, stdout and stderr, in its own
/// process group (the terminal's foreground group when there is one), signals forwarded,
/// zombies reaped (as PID 1 of a container too), and nothing left behind when it exits.
///
/// Its decisions are the same `Lifecycle` as `supervisor start`'s, with one instance, no
/// restarts and every signal forwarded: when the process exits, what it left behind gets the
/// type's stop signal, SIGKILL after its grace period, and the exit status is the process's own.
final class OneOffRunner {
    let name: String
    let command: String
    let environment: [String: String]
    let directory: String
    /// The stop signal and grace period (its restart policy is always `never`).
    let policy: TypePolicy
    /// Where its events go besides warnings on stderr: journald (under a unit, or
    /// `SUPERVISOR_LOG_SINK=journald`), else nowhere (the terminal shows only the process's own
    /// output).
    let events: LogSink?

    init(name: String, command: String, environment: [String: String], directory: String, policy: TypePolicy, events: LogSink? = nil) {
        self.name = name
        self.command = command
        self.environment = environment
        self.directory = directory
        self.policy = policy
        self.events = events
    }

    /// `NAME.run`: the child's `PS`, and the instance its events name.
    var instanceName: String { "\(name).run" }

    func run() throws(SupervisorError) -> Int32 {
        var loop = try EventLoop()
        let signals = try SignalPipe.install()
        try loop.add(signals.readEnd)
        if getpid() != 1 { Subreaper.become() }
        var control = try ProcessControl.start()
        defer { control.finish() }
        defer { events?.drain() }

        let terminal: Int32? = (isatty(0) == 1 && tcgetpgrp(0) == getpgrp()) ? 0 : nil
        defer { if let terminal { Self.takeBackForeground(terminal) } }
        var lifecycle = Lifecycle(
            instances: [SupervisedInstance(name: instanceName, type: name, typeIndex: 0, port: 0, command: command)],
            options: Lifecycle.Options(
                policy: FormationPolicy(defaults: TypePolicy(restart: .never, stopSignal: policy.stopSignal, gracePeriod: policy.gracePeriod)),
                signalRoles: SignalRole.oneOff))

        /// Carries out the lifecycle's actions; only the spawn can fail, and that ends the run.
        func perform(_ actions: [LifecycleAction], now: Milliseconds) throws(SupervisorError) {
            for action in actions {
                switch action {
                case .spawn(let index):
                    let pid = try spawn(terminal: terminal)
                    control.watch(group: pid, stop: GroupStop(policy))
                    try perform(lifecycle.handle(.spawned(instance: index, pid: pid, now: now)), now: now)
                case .report(let event):
                    if case .warning(let text) = event { StandardError.write("supervisor: \(text)\n") }
                    events?.event(event)
                case .suspendSelf, .finish, .startCheck, .cancelCheck, .reload:
                    break
                case .signalGroup, .signalProcess, .forgetGroup:
                    control.perform(action)
                }
            }
        }

        func reap(now: Milliseconds) throws(SupervisorError) {
            var ended: [LifecycleEvent.Reaped] = []
            // Job control first: a stopped leader is the shell's business (see `leaderChanged`).
            if let pid = lifecycle.leaders.first, let status = Self.leaderChanged(pid, terminal: terminal) {
                ended.append(LifecycleEvent.Reaped(pid: pid, status: status, groupAlive: ProcessGroup.isAlive(pid)))
            }
            let (others, events) = control.reap(liveGroups: lifecycle.liveGroups.map(\.pgid))
            for event in events { try perform([.report(event)], now: now) }
            ended += others
            if !ended.isEmpty { try perform(lifecycle.handle(.reaped(ended, now: now)), now: now) }
        }

        let start = MonotonicClock.nowMilliseconds()
        try perform(lifecycle.handle(.begin(now: start)), now: start)
        while true {
            let now = MonotonicClock.nowMilliseconds()
            if case .stopping = lifecycle.phase { try reap(now: now) }
            let survey = control.survey(lifecycle.surveyRequest, leaders: lifecycle.leaders)
            try perform(lifecycle.handle(.tick(now: now, survey)), now: now)
            if lifecycle.isFinished { break }
            let timeout = lifecycle.nextDeadline(now: now).map { Int32(clamping: max(0, $0 - now)) } ?? -1
            let ready = loop.wait(timeout: timeout)
            guard ready.contains(signals.readEnd) else { continue }
            let received = signals.drain()
            let later = MonotonicClock.nowMilliseconds()
            for signal in received {
                if signal == SIGCHLD {
                    try reap(now: later)
                } else {
                    try perform(lifecycle.handle(.signal(signal, now: later)), now: later)
                }
            }
        }
        return lifecycle.exitStatus ?? 1
    }

    private func spawn(terminal: Int32?) throws(SupervisorError) -> pid_t {
        var childEnvironment = environment
        childEnvironment["PS"] = instanceName
        // Under systemd (an exported `Type=notify` unit, `NotifyAccess=all`) the child is the
        // service and sends READY=1 and WATCHDOG=1 itself; WATCHDOG_PID names us, so without it
        // the child's sd_watchdog_enabled() takes the watchdog as its own.
        childEnvironment["WATCHDOG_PID"] = nil
        let request = ProcessSpawner.Request(
            command: command, environment: childEnvironment, directory: directory,
            stdin: 0, stdout: 1, stderr: 2, newSession: false, foregroundTerminal: terminal, deathSignal: policy.stopSignal)
        return try ProcessSpawner.spawn(request, name: name)
    }

    /// Job control as a shell does it. A leader stopped by SIGTSTP, SIGTTIN or SIGTTOU (Ctrl-Z, a
    /// read from the terminal in the background) or SIGSTOP: take the terminal back, stop
    /// ourselves with the same signal, and once continued (`fg`, `bg`) hand the terminal back when
    /// we are in the foreground and continue the leader's group. Returns the leader's status when
    /// it ended instead (it is reaped here).
    private static func leaderChanged(_ pid: pid_t, terminal: Int32?) -> TerminationStatus? {
        var raw: Int32 = 0
        var answer: pid_t
        repeat { answer = waitpid(pid, &raw, WNOHANG | WUNTRACED) } while answer < 0 && errno == EINTR
        guard answer == pid else { return nil }
        // WIFSTOPPED: the low byte is 0x7f and the stopping signal is in the next byte.
        guard raw & 0xff == 0x7f else { return TerminationStatus(waitStatus: raw) }
        let stopper = (raw >> 8) & 0xff
        if let terminal { takeBackForeground(terminal) }
        raise(stopper == SIGSTOP ? SIGSTOP : stopper)
        // Continued.
        if let terminal, tcgetpgrp(terminal) == getpgrp() {
            let previous = signal(SIGTTOU, SIG_IGN)
            tcsetpgrp(terminal, pid)
            signal(SIGTTOU, previous)
        }
        ProcessGroup.signal(pid, SIGCONT)
        return nil
    }

    /// Gives the terminal back to the supervisor's group (ignoring SIGTTOU while doing it).
    private static func takeBackForeground(_ terminal: Int32) {
        let previous = signal(SIGTTOU, SIG_IGN)
        tcsetpgrp(terminal, getpgrp())
        signal(SIGTTOU, previous)
    }
}
