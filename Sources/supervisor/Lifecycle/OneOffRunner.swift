import Glibc

/// `supervisor run`: one process with the supervisor's stdin, stdout and stderr, in its own
/// process group (the terminal's foreground group when there is one), signals forwarded,
/// zombies reaped (as PID 1 of a container too), and nothing left behind when it exits.
final class OneOffRunner {
    let name: String
    let command: String
    let environment: [String: String]
    let directory: String
    let gracePeriodMilliseconds: Int

    init(name: String, command: String, environment: [String: String], directory: String, gracePeriodMilliseconds: Int) {
        self.name = name
        self.command = command
        self.environment = environment
        self.directory = directory
        self.gracePeriodMilliseconds = gracePeriodMilliseconds
    }

    static let forwarded: Set<Int32> = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH]

    func run() throws(SupervisorError) -> Int32 {
        var loop = try EventLoop()
        let signals = try SignalPipe.install()
        try loop.add(signals.readEnd)
        if getpid() != 1 { Subreaper.become() }
        let watchdog = try Watchdog.start(gracePeriodMilliseconds: gracePeriodMilliseconds)
        defer { watchdog.finish() }

        let terminal: Int32? = (isatty(0) == 1 && tcgetpgrp(0) == getpgrp()) ? 0 : nil
        var childEnvironment = environment
        childEnvironment["PS"] = "\(name).run"
        let request = ProcessSpawner.Request(
            command: command, environment: childEnvironment, directory: directory,
            stdin: 0, stdout: 1, stderr: 2, newSession: false, foregroundTerminal: terminal)
        let pid = try ProcessSpawner.spawn(request, name: name)
        watchdog.watch(group: pid)
        defer { if let terminal { Self.takeBackForeground(terminal) } }

        var status: TerminationStatus?
        var deadline = Int64.max
        var killed = false
        while true {
            let now = MonotonicClock.nowMilliseconds()
            if status != nil {
                // The process is done; what it left in its group (or re-parented to us) is stopped.
                let leftovers = ChildProcesses.of(getpid()).filter { $0 != watchdog.pid }
                if !ProcessGroup.isAlive(pid) && leftovers.isEmpty { break }
                if deadline == Int64.max {
                    deadline = now + Int64(gracePeriodMilliseconds)
                    ProcessGroup.signal(pid, SIGTERM)
                    for orphan in leftovers { kill(orphan, SIGTERM) }
                } else if now >= deadline && !killed {
                    killed = true
                    ProcessGroup.signal(pid, SIGKILL)
                    for orphan in leftovers { kill(orphan, SIGKILL) }
                } else if killed && now >= deadline + 5000 {
                    break
                }
            }
            let ready = loop.wait(timeout: status == nil ? -1 : 20)
            guard ready.contains(signals.readEnd) else { continue }
            for signal in signals.drain() {
                if signal == SIGCHLD {
                    if status == nil, let ended = Self.leaderChanged(pid, terminal: terminal) { status = ended }
                    for ended in Reaper.reapAll() where ended.pid == pid { status = ended.status }
                } else if Self.forwarded.contains(signal) {
                    ProcessGroup.signal(pid, signal)
                }
            }
        }
        _ = Reaper.reapAll()
        watchdog.forget(group: pid)
        return status?.exitCode ?? 1
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
