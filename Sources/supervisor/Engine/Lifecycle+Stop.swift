import Glibc

extension Lifecycle {
    /// SIGTERM to every process group; stray children get theirs at the next tick, with the
    /// survey that finds them.
    mutating func stop(_ reason: StopReason, because description: String, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning else { return }
        for index in instances.indices {
            instances[index].startAt = nil
            instances[index].replacementDue = false
        }
        restartQueue.removeAll()
        restarting = nil
        let groups = liveGroups
        phase = .stopping(Stop(reason: reason, deadline: now + options.gracePeriod))
        actions.append(.report(.stopping(reason: description, signal: SIGTERM, processes: groups.count, gracePeriodMilliseconds: Int(options.gracePeriod))))
        for (pgid, _) in groups { actions.append(.signalGroup(pgid, SIGTERM)) }
    }

    /// Timers that are due and what the survey shows: lingering groups past their grace period,
    /// emptied groups, and while stopping, whether everything is gone.
    mutating func tick(now: Milliseconds, survey: Survey, into actions: inout [LifecycleAction]) {
        if isRunning {
            Self.killOverdue(&lingering, now: now, after: options.gracePeriod, into: &actions) { survey.aliveGroups.contains($0) }
            readinessTimers(now: now, into: &actions)
            for index in instances.indices {
                guard let pid = instances[index].pid, let due = instances[index].stopDeadline, due <= now else { continue }
                actions.append(.report(.killing(instance: instances[index].name, pid: pid, afterMilliseconds: Int(options.gracePeriod))))
                actions.append(.signalGroup(pid, SIGKILL))
                instances[index].stopDeadline = .max
            }
        }
        forgetEmptyGroups(survey: survey, into: &actions)
        guard case .stopping(var stop) = phase else { return }
        defer { if case .stopping = phase { phase = .stopping(stop) } }

        if instances.allSatisfy({ $0.pid == nil && $0.replacement == nil }) && lingering.isEmpty && draining.isEmpty && survey.strays.isEmpty {
            finish(stop, into: &actions)
            return
        }
        if stop.killRequested && !stop.killSent {
            // A second interrupt: the user does not want to wait for the grace period.
            killRemaining(&stop, survey: survey, after: nil, now: now, into: &actions)
            return
        }
        // Orphans re-parented to us since the stop began (their parent just died) get SIGTERM too.
        if !stop.killSent {
            for pid in survey.strays where !stop.signaledStrays.contains(pid) { actions.append(.signalProcess(pid, SIGTERM)) }
        }
        stop.signaledStrays.formUnion(survey.strays)
        guard now >= stop.deadline else { return }
        if stop.killSent {
            actions.append(.report(.warning("processes survived SIGKILL for \(SupervisorEvent.seconds(Int(Self.killPatience))) (uninterruptible sleep?): exiting without them")))
            finish(stop, into: &actions)
        } else {
            killRemaining(&stop, survey: survey, after: options.gracePeriod, now: now, into: &actions)
        }
    }

    /// SIGKILL, once each, to the groups whose grace period ran out (lingering groups, draining
    /// runs); `alive` leaves out the groups already known to be empty.
    static func killOverdue(
        _ groups: inout [LingeringGroup], now: Milliseconds, after grace: Milliseconds, into actions: inout [LifecycleAction],
        alive: (pid_t) -> Bool = { _ in true }
    ) {
        for index in groups.indices where groups[index].deadline <= now {
            let group = groups[index]
            if alive(group.pgid) {
                actions.append(.report(.killing(instance: group.name, pid: group.pgid, afterMilliseconds: Int(grace))))
                actions.append(.signalGroup(group.pgid, SIGKILL))
            }
            groups[index].deadline = .max
        }
    }

    /// Lingering groups the survey found empty: gone from the list, and from the watchdog's.
    private mutating func forgetEmptyGroups(survey: Survey, into actions: inout [LifecycleAction]) {
        lingering.removeAll { group in
            if survey.aliveGroups.contains(group.pgid) { return false }
            actions.append(.forgetGroup(group.pgid))
            return true
        }
    }

    /// SIGKILL to everything still alive. `after` is the grace period that ran out, or nil when
    /// a second interrupt asked for it at once.
    private func killRemaining(_ stop: inout Stop, survey: Survey, after: Milliseconds?, now: Milliseconds, into actions: inout [LifecycleAction]) {
        stop.killSent = true
        for (pgid, name) in liveGroups {
            stop.killedAny = true
            actions.append(.report(.killing(instance: name, pid: pgid, afterMilliseconds: Int(after ?? 0))))
            actions.append(.signalGroup(pgid, SIGKILL))
        }
        for pid in survey.strays {
            stop.killedAny = true
            actions.append(.signalProcess(pid, SIGKILL))
        }
        stop.deadline = now + Self.killPatience
    }

    private mutating func finish(_ stop: Stop, into actions: inout [LifecycleAction]) {
        let status = Self.exitStatus(reason: stop.reason, killedAny: stop.killedAny)
        phase = .finished(exitStatus: status)
        actions.append(.finish(exitStatus: status))
    }

    /// The child's status that stopped the formation, else 0, or 137 when a stop asked for by a
    /// signal had to SIGKILL something. Giving up is never a success: the last run's status, or
    /// 1 when that run exited cleanly (`--restart always`), so that an outer manager (systemd's
    /// `Restart=on-failure`, ECS) sees the outage.
    static func exitStatus(reason: StopReason, killedAny: Bool) -> Int32 {
        switch reason {
        case .childExited(let status): return status.exitCode
        case .gaveUp(let status): return status.isSuccess ? 1 : status.exitCode
        case .signal: return killedAny ? 128 + SIGKILL : 0
        case .allFinished: return 0
        }
    }
}
