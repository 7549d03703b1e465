import Glibc

extension Lifecycle {
    /// Every instance meant to run has a ready run: the supervisor may tell its own manager
    /// `READY=1` (the runner does so once).
    var isFormationReady: Bool {
        isRunning && instances.allSatisfy { !$0.isActive || ($0.pid != nil && $0.ready && $0.stopDeadline == nil) }
    }

    /// A requested restart is still in progress (queued, stopping, starting or not ready yet).
    var isRestarting: Bool {
        restarting != nil || !restartQueue.isEmpty
            || instances.contains { $0.replacementDue || $0.replacement != nil || $0.restartAfterStop }
    }

    /// Runs waiting for a `port` readiness check: their group and port.
    var portProbes: [(group: pid_t, port: Int)] {
        guard isRunning else { return [] }
        var probes: [(group: pid_t, port: Int)] = []
        for instance in instances where instance.readiness == .port {
            if let pid = instance.pid, !instance.ready, instance.stopDeadline == nil { probes.append((pid, instance.port)) }
            if let replacement = instance.replacement { probes.append((replacement.pid, instance.port)) }
        }
        return probes
    }

    /// When a run of `instances[index]` started at `now` must be ready (nil: `started`, no check).
    func readyDeadline(_ index: Int, startedAt now: Milliseconds) -> Milliseconds? {
        instances[index].readiness == .started ? nil : now + options.readyTimeout
    }

    /// A new run's readiness check begins (`started`: ready at once).
    mutating func beginRun(_ index: Int, now: Milliseconds) {
        instances[index].readyDeadline = readyDeadline(index, startedAt: now)
        instances[index].ready = instances[index].readyDeadline == nil
        instances[index].statusText = nil
        instances[index].stoppingNotified = false
        instances[index].watchdogInterval = nil
        instances[index].watchdogDeadline = nil
        instances[index].failing = false
        instances[index].failedBecause = nil
    }

    /// A notify datagram from the group of a current run or a replacement; others (draining
    /// runs, strays) are ignored.
    mutating func notified(group: pid_t, _ message: NotifyMessage, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning else { return }
        if let index = instances.firstIndex(where: { $0.replacement?.pid == group }) {
            if let status = message.status { instances[index].replacement?.status = status }
            if let extend = message.extendTimeoutMicroseconds, instances[index].replacement?.readyDeadline != nil {
                instances[index].replacement?.readyDeadline = now + Milliseconds(extend / 1000)
            }
            if message.ready, instances[index].readiness == .notify { promote(index, now: now, into: &actions) }
            return
        }
        guard let index = instance(leading: group) else { return }
        if let status = message.status { instances[index].statusText = status }
        if message.stopping { instances[index].stoppingNotified = true }
        if let interval = message.watchdogMicroseconds {
            instances[index].watchdogInterval = interval == 0 ? nil : max(1, Milliseconds(min(interval, UInt64(Int64.max / 2)) / 1000))
            instances[index].watchdogDeadline = instances[index].watchdogInterval.map { now + $0 }
        }
        if message.watchdogPing, let interval = instances[index].watchdogInterval { instances[index].watchdogDeadline = now + interval }
        if let extend = message.extendTimeoutMicroseconds {
            let until = now + Milliseconds(min(extend, UInt64(Int64.max / 2)) / 1000)
            if instances[index].readyDeadline != nil { instances[index].readyDeadline = until }
            if let due = instances[index].stopDeadline, due != .max { instances[index].stopDeadline = max(due, until) }
        }
        if message.watchdogTrigger {
            fail(index, signal: SIGABRT, because: "asked for its watchdog action (WATCHDOG=trigger)", now: now, into: &actions)
            return
        }
        if message.ready, instances[index].readiness == .notify, !instances[index].ready { becameReady(index, now: now, into: &actions) }
    }

    /// A `port` check connected.
    mutating func portOpened(group: pid_t, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning else { return }
        if let index = instances.firstIndex(where: { $0.replacement?.pid == group }), instances[index].readiness == .port {
            promote(index, now: now, into: &actions)
        } else if let index = instance(leading: group), instances[index].readiness == .port, !instances[index].ready, instances[index].stopDeadline == nil {
            becameReady(index, now: now, into: &actions)
        }
    }

    mutating func becameReady(_ index: Int, now: Milliseconds, into actions: inout [LifecycleAction]) {
        instances[index].ready = true
        instances[index].readyDeadline = nil
        let instance = instances[index]
        actions.append(.report(.ready(instance: instance.name, pid: instance.pid ?? 0, afterMilliseconds: Int(now - instance.startedAt))))
        restartDone(index, now: now, into: &actions)
    }

    /// A replacement is ready: it becomes the instance's run and the old run drains.
    mutating func promote(_ index: Int, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard let replacement = instances[index].replacement else { return }
        instances[index].replacement = nil
        let old = instances[index].pid
        instances[index].pid = replacement.pid
        instances[index].startedAt = replacement.startedAt
        instances[index].starts = options.restartLimit.recording(replacement.startedAt, in: instances[index].starts)
        instances[index].runs += 1
        beginRun(index, now: now)
        instances[index].ready = true
        instances[index].readyDeadline = nil
        instances[index].statusText = replacement.status
        if let old { drain(old, of: index, now: now, into: &actions) }
        actions.append(.report(.replaced(
            instance: instances[index].name, old: old ?? 0, new: replacement.pid, afterMilliseconds: Int(now - replacement.startedAt),
            signal: policy(index).stopSignal)))
        restartDone(index, now: now, into: &actions)
    }

    /// The type's stop signal to a run that is no longer the instance's; SIGKILL after its grace period.
    mutating func drain(_ pgid: pid_t, of index: Int, now: Milliseconds, into actions: inout [LifecycleAction]) {
        let policy = policy(index)
        draining.append(LingeringGroup(pgid: pgid, name: instances[index].name, type: instances[index].type, deadline: now + policy.gracePeriod))
        actions.append(.signalGroup(pgid, policy.stopSignal))
    }

    /// The replacement failed (`reason`): the old run keeps serving and the rest of the roll is
    /// called off. `stopReplacement`: it still runs and must be stopped.
    mutating func abortRoll(_ index: Int, because reason: String, stopReplacement: Bool, now: Milliseconds, into actions: inout [LifecycleAction]) {
        if stopReplacement, let replacement = instances[index].replacement {
            drain(replacement.pid, of: index, now: now, into: &actions)
        }
        instances[index].replacement = nil
        let skipped = restartQueue.map { instances[$0].name }
        restartQueue.removeAll()
        if restarting == index { restarting = nil }
        actions.append(.report(.rollAborted(instance: instances[index].name, reason: reason, skipped: skipped)))
    }

    /// Stops a run that failed (not ready in time, watchdog) with `signal`, SIGKILL after the
    /// grace period; its exit then goes to the restart policy.
    mutating func fail(_ index: Int, signal: Int32, because reason: String, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard let pid = instances[index].pid, instances[index].stopDeadline == nil else { return }
        actions.append(.report(.notReady(instance: instances[index].name, pid: pid, reason: reason, signal: signal)))
        instances[index].failing = true
        instances[index].failedBecause = reason
        instances[index].readyDeadline = nil
        instances[index].watchdogDeadline = nil
        instances[index].stopDeadline = now + policy(index).gracePeriod
        actions.append(.signalGroup(pid, signal))
    }

    /// Readiness and watchdog deadlines that passed, and draining runs past their grace period.
    mutating func readinessTimers(now: Milliseconds, into actions: inout [LifecycleAction]) {
        for index in instances.indices {
            if instances[index].replacement?.readyDeadline.map({ $0 <= now }) == true {
                abortRoll(index, because: "the new run was not ready after \(SupervisorEvent.seconds(Int(options.readyTimeout))) (--ready-timeout)", stopReplacement: true, now: now, into: &actions)
            }
            guard instances[index].pid != nil else { continue }
            if let due = instances[index].readyDeadline, due <= now {
                fail(index, signal: policy(index).stopSignal, because: "not ready after \(SupervisorEvent.seconds(Int(options.readyTimeout))) (--ready-timeout)", now: now, into: &actions)
            } else if let due = instances[index].watchdogDeadline, due <= now, let interval = instances[index].watchdogInterval {
                fail(index, signal: SIGABRT, because: "no watchdog keep-alive for \(SupervisorEvent.seconds(Int(interval))) (WATCHDOG_USEC)", now: now, into: &actions)
            }
        }
        Self.killOverdue(&draining, now: now, policy: options.policy, into: &actions)
    }
}
