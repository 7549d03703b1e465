import Glibc

extension Lifecycle {
    /// Starts the first instance that is due, when none is being started.
    mutating func startDue(now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning, spawning == nil else { return }
        if let index = instances.firstIndex(where: { $0.replacementDue }) {
            instances[index].replacementDue = false
            spawning = index
            actions.append(.spawn(instance: index))
            return
        }
        // The first due instance that may run (no list of every due one: that cost a formation
        // of thousands O(n) on every spawn).
        var blockers: [String: [Dependency]] = [:]
        var next: Int?
        for index in instances.indices where instances[index].pid == nil && !instances[index].held && (instances[index].startAt ?? .max) <= now {
            if runnable(index, known: &blockers, into: &actions) {
                next = index
                break
            }
        }
        guard let index = next else { return }
        instances[index].startAt = nil
        spawning = index
        actions.append(.spawn(instance: index))
    }

    mutating func spawned(_ index: Int, pid: pid_t, now: Milliseconds, into actions: inout [LifecycleAction]) {
        spawning = nil
        instances[index].forkFailures = 0
        if instances[index].pid != nil {
            // A rolling restart's replacement: it takes over once ready.
            let deadline = readyDeadline(index, startedAt: now)
            instances[index].replacement = Replacement(pid: pid, startedAt: now, readyDeadline: deadline)
            actions.append(.report(.spawned(instance: instances[index].name, pid: pid, port: instances[index].port)))
            if deadline == nil { promote(index, now: now, into: &actions) }
            return
        }
        instances[index].pid = pid
        instances[index].runs += 1
        recordStart(index, now: now)
        beginRun(index, now: now)
        let instance = instances[index]
        actions.append(.report(.spawned(instance: instance.name, pid: pid, port: instance.port)))
        if instance.ready { restartDone(index, now: now, into: &actions) }
    }

    mutating func spawnFailed(_ index: Int, reason: String, forkRefused: Bool, now: Milliseconds, into actions: inout [LifecycleAction]) {
        spawning = nil
        if instances[index].pid != nil {
            actions.append(.report(.spawnFailed(instance: instances[index].name, reason: reason)))
            abortRoll(index, because: "the new run could not start", stopReplacement: false, now: now, into: &actions)
            return
        }
        if forkRefused {
            // No child ran, so nothing exited: retried after 0.1 s doubling to 5 s while the
            // formation runs; the restart policy and its limit are not involved.
            instances[index].forkFailures += 1
            let delay = min(Self.forkRetryMaximum, Self.forkRetryInitial << min(instances[index].forkFailures - 1, 16))
            actions.append(.report(.spawnFailed(instance: instances[index].name, reason: "\(reason): trying again in \(SupervisorEvent.seconds(Int(delay)))")))
            instances[index].startAt = now + delay
            return
        }
        // A start that failed counts as a run that exited with 127 (as a shell reports it).
        actions.append(.report(.spawnFailed(instance: instances[index].name, reason: reason)))
        recordStart(index, now: now)
        instances[index].runs += 1
        instances[index].lastExit = .exited(127)
        restartDone(index, now: now, into: &actions)
        exited(index, status: .exited(127), now: now, into: &actions)
    }

    private mutating func recordStart(_ index: Int, now: Milliseconds) {
        instances[index].startedAt = now
        instances[index].starts = options.restartLimit.recording(now, in: instances[index].starts)
    }

    /// Every reaped leader is let go of before any exit is acted upon: when the first exit of a
    /// pass stops the formation, a leader reaped in the same pass must not be on the list of
    /// groups to signal, since its (empty) group's number may already belong to someone else.
    mutating func reaped(_ ended: [LifecycleEvent.Reaped], now: Milliseconds, into actions: inout [LifecycleAction]) {
        var exits: [(index: Int, reaped: LifecycleEvent.Reaped)] = []
        for reaped in ended {
            if endedAside(reaped, now: now, into: &actions) { continue }
            guard let index = instance(leading: reaped.pid) else { continue }
            instances[index].pid = nil
            exits.append((index, reaped))
        }
        for (index, reaped) in exits {
            let name = instances[index].name
            let requested = instances[index].stopDeadline != nil && !instances[index].failing
            instances[index].lastExit = reaped.status
            instances[index].stopDeadline = nil
            instances[index].failing = false
            instances[index].ready = false
            instances[index].readyDeadline = nil
            instances[index].watchdogDeadline = nil
            if reaped.groupAlive {
                linger(reaped.pid, name: name, type: instances[index].type, now: now, into: &actions)
            } else {
                actions.append(.forgetGroup(reaped.pid))
            }
            actions.append(.report(.exited(instance: name, pid: reaped.pid, status: reaped.status, duringStop: !isRunning || requested)))
            if requested {
                // Stopped on request: no restart policy, no formation stop; back at once if it was a restart.
                if instances[index].restartAfterStop {
                    instances[index].restartAfterStop = false
                    instances[index].startAt = now
                }
            } else {
                if restarting == index, isRunning {
                    // The restarted run ended before it was ready (or the old run died while its
                    // replacement started): the roll stops here, and no replacement is left behind.
                    abortRoll(index, because: "it \(reaped.status) before it was ready", stopReplacement: true, now: now, into: &actions)
                }
                exited(index, status: reaped.status, now: now, into: &actions)
            }
        }
    }

    /// A replacement or a draining run ended (not an instance's current run): true when
    /// `reaped` was one of those.
    private mutating func endedAside(_ reaped: LifecycleEvent.Reaped, now: Milliseconds, into actions: inout [LifecycleAction]) -> Bool {
        let replacement = instances.firstIndex { $0.replacement?.pid == reaped.pid }
        let drained = draining.firstIndex { $0.pgid == reaped.pid }
        guard let name = replacement.map({ instances[$0].name }) ?? drained.map({ draining[$0].name }),
            let type = replacement.map({ instances[$0].type }) ?? drained.map({ draining[$0].type })
        else { return false }
        if reaped.groupAlive {
            linger(reaped.pid, name: name, type: type, now: now, into: &actions)
        } else {
            actions.append(.forgetGroup(reaped.pid))
        }
        actions.append(.report(.exited(instance: name, pid: reaped.pid, status: reaped.status, duringStop: drained != nil || !isRunning)))
        if let index = replacement {
            instances[index].replacement = nil
            if isRunning {
                abortRoll(index, because: "the new run \(reaped.status) before it was ready", stopReplacement: false, now: now, into: &actions)
            }
        } else if let position = drained {
            draining.remove(at: position)
        }
        return true
    }

    /// A group whose leader ended while members live on: the type's stop signal (unless the
    /// formation is stopping: it had it), SIGKILL after the type's grace period.
    private mutating func linger(_ pgid: pid_t, name: String, type: String, now: Milliseconds, into actions: inout [LifecycleAction]) {
        let policy = options.policy.policy(for: type)
        lingering.append(LingeringGroup(pgid: pgid, name: name, type: type, deadline: now + policy.gracePeriod))
        if isRunning { actions.append(.signalGroup(pgid, policy.stopSignal)) }
    }

    /// Applies the type's restart policy to a run that ended on its own. `never` as the default
    /// stops the formation at any exit (foreman's); a type's own `never` ends only that instance
    /// when it exits 0 (a one-shot), and stops the formation when it fails.
    mutating func exited(_ index: Int, status: TerminationStatus, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning else { return }
        if instances[index].isJob { return jobEnded(index) }
        let name = instances[index].name
        let type = instances[index].type
        switch policy(index).restart {
        case .never where status.isSuccess && options.policy.hasOwnRestart(type), .onFailure where status.isSuccess:
            instances[index].finished = true
            instances[index].consecutiveFailures = 0
            if instances.allSatisfy({ $0.finished || $0.held }) {
                stop(.allFinished, because: "every process finished", now: now, into: &actions)
            }
        case .never:
            failDependents(of: index, status: status, gaveUp: false, into: &actions)
            stop(.childExited(status), because: "\(name) \(status)", now: now, into: &actions)
        case .onFailure, .always:
            let failures = options.backoff.failures(after: instances[index].consecutiveFailures, runtimeMilliseconds: now - instances[index].startedAt)
            instances[index].consecutiveFailures = failures
            if !options.restartLimit.allowsStart(after: instances[index].starts, now: now) {
                actions.append(.report(.gaveUp(instance: name, limit: options.restartLimit, status: status)))
                failDependents(of: index, status: status, gaveUp: true, into: &actions)
                stop(.gaveUp(status), because: "gave up on \(name)", now: now, into: &actions)
            } else {
                let delay = options.backoff.delay(afterConsecutiveFailures: failures)
                instances[index].startAt = now + Milliseconds(delay)
                actions.append(.report(.restarting(instance: name, delayMilliseconds: delay, attempt: failures + 1)))
            }
        }
    }
}
