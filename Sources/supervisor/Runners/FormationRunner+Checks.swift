import Glibc

/// Health checks (`--check`): the lifecycle decides when a check is due and what its answer
/// means (`Lifecycle+Checks`); the runner carries them out without ever waiting on the loop's
/// thread (`CheckProbes`) and hands the answers back as `.checked`.
extension FormationRunner {
    func startCheck(_ request: CheckRequest, now: Milliseconds) {
        let result: CheckResult?
        switch request.probe {
        case .http(let path):
            result = checks.startSocket(group: request.group, port: request.port, path: path, loop: loop)
        case .tcp:
            result = checks.startSocket(group: request.group, port: request.port, path: nil, loop: loop)
        case .exec(let command):
            let instance = lifecycle.instances[request.instance]
            result = checks.startCommand(
                group: request.group, command: command, environment: checkEnvironment(instance), directory: options.directory,
                name: "the health check of \(instance.name)")
            // The watchdog SIGKILLs the check's group too if the supervisor is killed outright.
            if let pid = checks.command(of: request.group) { control?.watch(group: pid, stop: Self.checkStop) }
        }
        if let result { perform(lifecycle.handle(.checked(group: request.group, result, now: now)), now: now) }
    }

    func cancelCheck(group: pid_t) {
        checks.cancel(group: group, loop: loop)
    }

    /// The loop reported a check's socket.
    func advanceCheck(_ fd: Int32, now: Milliseconds) {
        guard let (group, result) = checks.advance(fd, loop: loop) else { return }
        perform(lifecycle.handle(.checked(group: group, result, now: now)), now: now)
    }

    /// A reaping pass without the `exec` checks, whose exits are answered here.
    func takeCheckExits(_ ended: [LifecycleEvent.Reaped], now: Milliseconds) -> [LifecycleEvent.Reaped] {
        let (others, answers, reaped) = checks.takeExits(ended)
        for pid in reaped { control?.perform(.forgetGroup(pid)) }
        for answer in answers { perform(lifecycle.handle(.checked(group: answer.group, answer.result, now: now)), now: now) }
        return others
    }

    /// How the watchdog stops an `exec` check's group: SIGKILL at once (a check holds no state worth a grace period).
    static let checkStop: GroupStop = {
        var policy = TypePolicy()
        policy.stopSignal = SIGKILL
        policy.gracePeriod = 0
        return GroupStop(policy)
    }()

    /// An `exec` check runs in the instance's environment (`PORT`, `PS`, the formation's
    /// variables, `FORMATION_CONTROL`), without the notify socket or the supervisor's own manager's variables.
    private func checkEnvironment(_ instance: SupervisedInstance) -> [String: String] {
        var environment = options.environment
        environment["PORT"] = String(instance.port)
        environment["PS"] = instance.name
        if let path = controlServer?.path { environment["FORMATION_CONTROL"] = path }
        for key in ManagerNotifier.variables { environment[key] = nil }
        environment["NOTIFY_SOCKET"] = nil
        return environment
    }
}
