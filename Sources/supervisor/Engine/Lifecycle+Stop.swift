import Glibc

extension Lifecycle {
    /// Each process group gets its type's stop signal and its own deadline (its type's grace
    /// period); stray children get the default stop signal at the next tick, with the survey
    /// that finds them, and SIGKILL at the longest deadline. The stop is reported once per
    /// signal and grace period, naming the types when they differ.
    mutating func stop(_ reason: StopReason, because description: String, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning else { return }
        for index in instances.indices {
            instances[index].startAt = nil
            instances[index].replacementDue = false
        }
        restartQueue.removeAll()
        restarting = nil
        for index in instances.indices { instances[index].waitingFor = [] }
        var stop = Stop(reason: reason, deadline: now + options.policy.defaults.gracePeriod)
        stop.because = description
        stop.unsignaled = dependencies.stopOrder
        phase = .stopping(stop)
        signalNextTypes(now: now, into: &actions)
    }

    /// While stopping, the types whose dependents are all gone get their stop signal: with no
    /// dependencies, every type at once; otherwise dependents first, in waves (each group with
    /// its own deadline from its type's grace period).
    mutating func signalNextTypes(now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard case .stopping(var stop) = phase, !stop.unsignaled.isEmpty, !stop.killSent else { return }
        let live = Set(liveGroups.map(\.type))
        let wave = stop.unsignaled.filter { type in !dependencies.dependents(of: type).contains { live.contains($0) } }
        guard !wave.isEmpty else { return }
        stop.unsignaled.removeAll { wave.contains($0) }
        let groups = liveGroups.filter { wave.contains($0.type) }.map { (pgid: $0.pgid, type: $0.type, policy: options.policy.policy(for: $0.type)) }
        for group in groups {
            let due = now + group.policy.gracePeriod
            stop.groupDeadlines[group.pgid] = due
            stop.deadline = max(stop.deadline, due)
        }
        let ordered = !dependencies.edges.values.allSatisfy(\.isEmpty)
        let first = stop.unsignaled.count + wave.count == dependencies.stopOrder.count
        phase = .stopping(stop)
        guard !groups.isEmpty || first else { return }
        let description = first ? stop.because : "\(stop.because), dependents gone"
        // One report per (signal, grace period), in the order their first group comes.
        var kinds: [(signal: Int32, grace: Milliseconds, types: [String], count: Int)] = []
        for group in groups {
            if let at = kinds.firstIndex(where: { $0.signal == group.policy.stopSignal && $0.grace == group.policy.gracePeriod }) {
                kinds[at].count += 1
                if !kinds[at].types.contains(group.type) { kinds[at].types.append(group.type) }
            } else {
                kinds.append((group.policy.stopSignal, group.policy.gracePeriod, [group.type], 1))
            }
        }
        if kinds.isEmpty || (kinds.count <= 1 && !ordered) {
            let signal = kinds.first?.signal ?? options.policy.defaults.stopSignal
            let grace = kinds.first?.grace ?? options.policy.defaults.gracePeriod
            actions.append(.report(.stopping(reason: description, signal: signal, processes: groups.count, gracePeriodMilliseconds: Int(grace))))
        } else {
            for kind in kinds {
                let reason = "\(description) (\(kind.types.joined(separator: ", ")))"
                actions.append(.report(.stopping(reason: reason, signal: kind.signal, processes: kind.count, gracePeriodMilliseconds: Int(kind.grace))))
            }
        }
        for group in groups { actions.append(.signalGroup(group.pgid, group.policy.stopSignal)) }
    }

    /// Timers that are due and what the survey shows: lingering groups past their grace period,
    /// emptied groups, and while stopping, whether everything is gone.
    mutating func tick(now: Milliseconds, survey: Survey, into actions: inout [LifecycleAction]) {
        if isRunning {
            Self.killOverdue(&lingering, now: now, policy: options.policy, into: &actions) { survey.aliveGroups.contains($0) }
            readinessTimers(now: now, into: &actions)
            for index in instances.indices {
                guard let pid = instances[index].pid, let due = instances[index].stopDeadline, due <= now else { continue }
                actions.append(.report(.killing(instance: instances[index].name, pid: pid, afterMilliseconds: Int(policy(index).gracePeriod))))
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
            killRemaining(&stop, survey: survey, now: now, into: &actions)
            return
        }
        // Orphans re-parented to us since the stop began (their parent just died) get the
        // default stop signal too (their type is unknown).
        if !stop.killSent {
            for pid in survey.strays where !stop.signaledStrays.contains(pid) { actions.append(.signalProcess(pid, options.policy.defaults.stopSignal)) }
        }
        stop.signaledStrays.formUnion(survey.strays)
        if !stop.killSent {
            // Each group at its own deadline (its type's grace period).
            for (pgid, name, type) in liveGroups where !stop.killedGroups.contains(pgid) && (stop.groupDeadlines[pgid] ?? stop.deadline) <= now {
                stop.killedGroups.insert(pgid)
                stop.killedAny = true
                actions.append(.report(.killing(instance: name, pid: pgid, afterMilliseconds: Int(options.policy.policy(for: type).gracePeriod))))
                actions.append(.signalGroup(pgid, SIGKILL))
            }
        }
        // Types still waiting for their dependents to go are not past any deadline yet.
        guard now >= stop.deadline, stop.unsignaled.isEmpty || stop.killSent || now >= stop.deadline + Self.killPatience else { return }
        if stop.killSent {
            actions.append(.report(.warning("processes survived SIGKILL for \(SupervisorEvent.seconds(Int(Self.killPatience))) (uninterruptible sleep?): exiting without them")))
            finish(stop, into: &actions)
        } else {
            killRemaining(&stop, survey: survey, now: now, into: &actions)
        }
    }

    /// SIGKILL, once each, to the groups whose grace period ran out (lingering groups, draining
    /// runs); `alive` leaves out the groups already known to be empty.
    static func killOverdue(
        _ groups: inout [LingeringGroup], now: Milliseconds, policy: FormationPolicy, into actions: inout [LifecycleAction],
        alive: (pid_t) -> Bool = { _ in true }
    ) {
        for index in groups.indices where groups[index].deadline <= now {
            let group = groups[index]
            if alive(group.pgid) {
                let grace = policy.policy(for: group.type).gracePeriod
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

    /// SIGKILL to everything still alive that has not had it: at the longest deadline, or at
    /// once when a second interrupt asked for it (`killRequested`: reported after 0 s).
    private func killRemaining(_ stop: inout Stop, survey: Survey, now: Milliseconds, into actions: inout [LifecycleAction]) {
        stop.killSent = true
        for (pgid, name, type) in liveGroups where !stop.killedGroups.contains(pgid) {
            stop.killedAny = true
            let after = stop.killRequested ? 0 : options.policy.policy(for: type).gracePeriod
            actions.append(.report(.killing(instance: name, pid: pgid, afterMilliseconds: Int(after))))
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
