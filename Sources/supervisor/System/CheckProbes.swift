import Glibc

/// The health checks in flight, at most one per run: `http` and `tcp` checks as sockets in the
/// event loop, `exec` checks as children in process groups of their own. Their exits come
/// through the supervisor's one reaping path (`FormationRunner.reap`), which hands them here
/// first: a check process is neither an instance nor a stray.
final class CheckProbes {
    /// Socket checks by descriptor, and each run's descriptor.
    private var sockets: [Int32: CheckProbe] = [:]
    private var socketOf: [pid_t: Int32] = [:]
    /// `exec` checks by pid (also their process group): the run each is for, nil once
    /// cancelled (killed, waiting to be reaped).
    private var commands: [pid_t: pid_t?] = [:]
    private var commandOf: [pid_t: pid_t] = [:]
    /// `/dev/null`, read and write: an `exec` check's stdin, stdout and stderr.
    private var devNull: Int32 = -1

    deinit {
        for fd in sockets.keys { close(fd) }
        if devNull >= 0 { close(devNull) }
    }

    func owns(_ fd: Int32) -> Bool { sockets[fd] != nil }

    /// `exec` checks not reaped yet (the survey must not take them for strays).
    var commandPIDs: Set<pid_t> { Set(commands.keys) }

    /// The `exec` check in flight for the run leading `group`, if any.
    func command(of group: pid_t) -> pid_t? { commandOf[group] }

    /// Starts an `http` (with `path`) or `tcp` check of the run leading `group`, watched by
    /// `loop`; the result when it is over at once.
    func startSocket(group: pid_t, port: Int, path: String?, loop: borrowing EventLoop) -> CheckResult? {
        switch CheckProbe.start(group: group, port: port, path: path) {
        case .answered(let result):
            return result
        case .pending(let probe):
            do {
                try loop.add(probe.fd, output: true)
            } catch {
                close(probe.fd)
                return CheckResult(healthy: false, answer: error.description)
            }
            sockets[probe.fd] = probe
            socketOf[group] = probe.fd
            return nil
        }
    }

    /// The loop reported `fd`: the run and result when its check is over (socket closed).
    func advance(_ fd: Int32, loop: borrowing EventLoop) -> (group: pid_t, result: CheckResult)? {
        guard let probe = sockets[fd] else { return nil }
        guard let result = probe.advance() else {
            loop.watch(fd, output: probe.wantsOutput)
            return nil
        }
        closeSocket(fd, loop: loop)
        return (probe.group, result)
    }

    /// Runs `command` with `sh -c` in a session of its own (so a group of its own) with
    /// `environment`, output to /dev/null, SIGKILL if the supervisor dies; the result when it
    /// cannot start.
    func startCommand(group: pid_t, command: String, environment: [String: String], directory: String, name: String) -> CheckResult? {
        if devNull < 0 { devNull = open("/dev/null", O_RDWR | O_CLOEXEC) }
        guard devNull >= 0 else { return CheckResult(healthy: false, answer: "open /dev/null: \(ErrnoText.describe(errno))") }
        let request = ProcessSpawner.Request(
            command: command, environment: environment, directory: directory, stdin: devNull, stdout: devNull, stderr: devNull,
            newSession: true, foregroundTerminal: nil, listenSocket: nil, deathSignal: SIGKILL)
        do {
            let pid = try ProcessSpawner.spawn(request, name: name)
            commands[pid] = group
            commandOf[group] = pid
            return nil
        } catch {
            return CheckResult(healthy: false, answer: error.description)
        }
    }

    /// Drops the check in flight for `group`: its socket closes; an `exec` check's group gets
    /// SIGKILL (its leader is not reaped yet, so the number is still its own) and its exit
    /// will be dropped.
    func cancel(group: pid_t, loop: borrowing EventLoop) {
        if let fd = socketOf[group] { closeSocket(fd, loop: loop) }
        if let pid = commandOf.removeValue(forKey: group) {
            commands[pid] = .some(nil)
            ProcessGroup.signal(pid, SIGKILL)
        }
    }

    /// Takes the check processes out of a reaping pass: what is left are the formation's, and
    /// the answers of the checks that were not cancelled. A check that leaves members of its
    /// group behind has them killed (the group still has members, so its number is not reused).
    func takeExits(_ ended: [LifecycleEvent.Reaped]) -> (others: [LifecycleEvent.Reaped], answers: [(group: pid_t, result: CheckResult)], reaped: [pid_t]) {
        var others: [LifecycleEvent.Reaped] = []
        var answers: [(group: pid_t, result: CheckResult)] = []
        var checks: [pid_t] = []
        for reaped in ended {
            guard let entry = commands.removeValue(forKey: reaped.pid) else {
                others.append(reaped)
                continue
            }
            checks.append(reaped.pid)
            if reaped.groupAlive { ProcessGroup.signal(reaped.pid, SIGKILL) }
            guard let group = entry else { continue }
            commandOf[group] = nil
            answers.append((group, CheckResult(healthy: reaped.status.isSuccess, answer: "\(reaped.status)")))
        }
        return (others, answers, checks)
    }

    private func closeSocket(_ fd: Int32, loop: borrowing EventLoop) {
        guard let probe = sockets.removeValue(forKey: fd) else { return }
        socketOf[probe.group] = nil
        loop.remove(fd)
        close(fd)
    }
}
