import Glibc

extension Lifecycle {
    /// A control request. The runner refuses requests while the formation stops; here they are
    /// ignored then, as a second safety.
    mutating func requested(_ request: LifecycleRequest, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning else { return }
        switch request {
        case .restart(let indices):
            restartQueue += indices.filter { $0 != restarting && !restartQueue.contains($0) }
            nextRestart(now: now, into: &actions)
        case .stop(let indices):
            for index in indices { hold(index, retire: false, now: now, into: &actions) }
        case .scale(let retire, let revive, let add):
            scale(retire: retire, revive: revive, add: add, now: now, into: &actions)
            retireScaledJobs()
        case .signal(let indices, let signal):
            let groups = indices.compactMap { instances[$0].pid }
            actions.append(.report(.forwarded(signal: signal, processes: groups.count)))
            for pgid in groups { actions.append(.signalGroup(pgid, signal)) }
        case .shutdown:
            stop(.signal(SIGTERM), because: "shutdown requested", now: now, into: &actions)
        case .trigger(let index):
            trigger(index, now: now)
        case .reload(let change):
            reload(change, now: now, into: &actions)
        }
    }

    /// Stops and retires `retire` (highest-numbered first), brings `revive` back and adds `add`.
    mutating func scale(retire: [Int], revive: [Int: InstanceDefinition], add: [SupervisedInstance], now: Milliseconds, into actions: inout [LifecycleAction]) {
        for index in retire { hold(index, retire: true, now: now, into: &actions) }
        for (index, definition) in revive.sorted(by: { $0.key < $1.key }) where !instances[index].isJob {
            instances[index].define(definition)
            instances[index].retired = false
            release(index, now: now, into: &actions)
        }
        for var instance in add {
            if !instance.isJob { instance.startAt = now }
            instance.readiness = readiness(of: instance)
            instances.append(instance)
        }
        // A type scaled up from 0 joins the graph (its own `after`; it is stopped in order).
        if add.contains(where: { added in !dependencies.types.contains(added.type) }) {
            dependencies = Self.graph(of: instances, policy: options.policy)
        }
    }

    /// Stops an instance and keeps it stopped (`stop`, scaled down when `retire`).
    mutating func hold(_ index: Int, retire: Bool, now: Milliseconds, into actions: inout [LifecycleAction]) {
        instances[index].held = true
        if retire { instances[index].retired = true }
        instances[index].startAt = nil
        instances[index].restartAfterStop = false
        instances[index].replacementDue = false
        if let replacement = instances[index].replacement {
            instances[index].replacement = nil
            drain(replacement.pid, of: index, now: now, into: &actions)
        }
        restartQueue.removeAll { $0 == index }
        if restarting == index {
            restarting = nil
            nextRestart(now: now, into: &actions)
        }
        stopRun(index, now: now, into: &actions)
    }

    /// Lets a held instance run again: started now, or as soon as its stopping run has ended.
    private mutating func release(_ index: Int, now: Milliseconds, into actions: inout [LifecycleAction]) {
        instances[index].held = false
        instances[index].finished = false
        instances[index].consecutiveFailures = 0
        if instances[index].pid == nil {
            instances[index].startAt = now
        } else if instances[index].stopDeadline != nil {
            instances[index].restartAfterStop = true
        }
    }

    /// The type's stop signal to a running instance's group, SIGKILL after its grace period (see `tick`).
    private mutating func stopRun(_ index: Int, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard let pid = instances[index].pid, instances[index].stopDeadline == nil else { return }
        instances[index].stopDeadline = now + policy(index).gracePeriod
        actions.append(.signalGroup(pid, policy(index).stopSignal))
    }

    /// Starts the next requested restart when none is in progress: a running instance is
    /// stopped and comes back when it has ended; a stopped one starts.
    mutating func nextRestart(now: Milliseconds, into actions: inout [LifecycleAction]) {
        while restarting == nil, !restartQueue.isEmpty {
            let index = restartQueue.removeFirst()
            restarting = index
            let running = instances[index].pid != nil
            release(index, now: now, into: &actions)
            if running, options.sharedSockets.contains(instances[index].type), instances[index].stopDeadline == nil {
                // The socket stays open: the new run starts first, the old one stops once it is ready.
                instances[index].replacementDue = true
            } else if running {
                instances[index].restartAfterStop = true
                stopRun(index, now: now, into: &actions)
            }
        }
    }

    /// A requested restart is done once its instance is ready (or failed): the next one goes.
    mutating func restartDone(_ index: Int, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard restarting == index else { return }
        restarting = nil
        nextRestart(now: now, into: &actions)
    }
}
