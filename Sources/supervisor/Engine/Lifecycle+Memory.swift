import Glibc

/// The memory cap (`--memory-max TYPE=SIZE`). The loop samples the resident memory of every
/// run of a capped type once per `memorySampleInterval` and sends it as `.memory`; a run over
/// its cap is restarted through its stop path (its type's stop signal, SIGKILL after its grace
/// period).
///
/// The restart happens whatever `--restart` says, as PM2's `max_memory_restart` restarts and
/// as systemd's `MemoryMax=` OOM-kills a unit whose `Restart=` then decides (a cap is for
/// keeping a leaking process serving, not for stopping it). It waits the restart backoff, as a
/// crash does, so that a run over its cap from the start does not restart in a tight loop; the
/// restart limit does not give up on it. A stop of the formation wins: nothing starts then. A
/// job's run (an admin type run by a schedule or `supervisor trigger`) over its cap is stopped
/// as failed and not run again until asked.
extension Lifecycle {
    /// How often the groups of capped types are sampled.
    static let memorySampleInterval: Milliseconds = 1000

    /// The cap of `type`, without composing its whole policy (this is asked at every loop turn).
    func memoryMax(of type: String) -> Int? {
        options.policy.memoryMaxByType[type] ?? options.policy.defaults.memoryMax
    }

    /// The groups whose memory the loop should sample: current runs and rolling-restart
    /// replacements of capped types, while the formation runs.
    var memoryGroups: [pid_t] {
        guard isRunning, options.policy.defaults.memoryMax != nil || !options.policy.memoryMaxByType.isEmpty else { return [] }
        var groups: [pid_t] = []
        for instance in instances where memoryMax(of: instance.type) != nil {
            if let pid = instance.pid { groups.append(pid) }
            if let replacement = instance.replacement { groups.append(replacement.pid) }
        }
        return groups
    }

    /// When the next sample is due, or nil when no run of a capped type is running.
    var memorySampleDue: Milliseconds? {
        guard !memoryGroups.isEmpty else { return nil }
        return (memorySampledAt ?? 0) + Self.memorySampleInterval
    }

    /// A sample: a current run over its cap is stopped to be restarted; a replacement over its
    /// cap ends its rolling restart (the old run keeps serving). Runs already stopping (a
    /// requested stop or restart, a failed readiness check, an earlier verdict) and runs a
    /// rolling restart is replacing are not signalled again; draining and lingering groups had
    /// their signal.
    mutating func memorySampled(_ usage: [MemoryUsage], now: Milliseconds, into actions: inout [LifecycleAction]) {
        memorySampledAt = now
        guard isRunning else { return }
        for sample in usage {
            if let index = instances.firstIndex(where: { $0.replacement?.pid == sample.group }) {
                guard let cap = memoryMax(of: instances[index].type), sample.bytes > cap else { continue }
                let signal = policy(index).stopSignal
                actions.append(.report(.overMemory(instance: instances[index].name, pid: sample.group, bytes: sample.bytes, cap: cap, signal: signal, restart: false)))
                abortRoll(index, because: "the new run went over its --memory-max", stopReplacement: true, now: now, into: &actions)
                continue
            }
            guard let index = instance(leading: sample.group), let cap = memoryMax(of: instances[index].type), sample.bytes > cap,
                  instances[index].stopDeadline == nil, instances[index].replacement == nil, !instances[index].replacementDue
            else { continue }
            let policy = policy(index)
            let job = instances[index].isJob
            if job {
                // A job's run over its cap has failed: its end is recorded as any job's (`jobEnded`), not restarted.
                instances[index].failing = true
                instances[index].failedBecause = "went over its --memory-max"
            } else {
                instances[index].overMemory = true
            }
            instances[index].readyDeadline = nil
            instances[index].watchdogDeadline = nil
            instances[index].stopDeadline = now + policy.gracePeriod
            actions.append(.report(.overMemory(instance: instances[index].name, pid: sample.group, bytes: sample.bytes, cap: cap, signal: policy.stopSignal, restart: !job)))
            actions.append(.signalGroup(sample.group, policy.stopSignal))
        }
    }

    /// A run stopped over its cap has ended: it starts again after the backoff, unless the
    /// formation stops, the instance was stopped or scaled down meanwhile, or a requested
    /// restart already starts it.
    mutating func restartOverMemory(now: Milliseconds, into actions: inout [LifecycleAction]) {
        for index in instances.indices where instances[index].overMemory && instances[index].pid == nil {
            instances[index].overMemory = false
            guard isRunning, instances[index].isActive, instances[index].startAt == nil else { continue }
            let failures = options.backoff.failures(
                after: instances[index].consecutiveFailures, runtimeMilliseconds: now - instances[index].startedAt)
            instances[index].consecutiveFailures = failures
            let delay = options.backoff.delay(afterConsecutiveFailures: failures)
            instances[index].startAt = now + Milliseconds(delay)
            actions.append(.report(.restarting(instance: instances[index].name, delayMilliseconds: delay, attempt: failures + 1)))
        }
    }
}
