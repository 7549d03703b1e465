import Glibc

/// Health checks (`--check`): which runs are checked, when, and what the answers mean. Every
/// current run and every rolling restart's replacement of a type with a check has a
/// `HealthCheckState` in `checks`, kept in step with the runs after each event (a run that
/// ended, is being stopped or drains loses its check, and a check in flight is cancelled). The
/// runner carries out `.startCheck` and answers `.checked`; the deadline is the lifecycle's.
extension Lifecycle {
    /// After every event: checks follow the runs; a check past its timeout is a failure; due checks start.
    mutating func superviseChecks(now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning else {
            for group in checks.keys.sorted() where checks[group]?.since != nil { actions.append(.cancelCheck(group: group)) }
            checks.removeAll()
            return
        }
        let watched = checkedRuns
        for group in checks.keys.sorted() where !watched.contains(where: { $0.group == group }) {
            if checks[group]?.since != nil { actions.append(.cancelCheck(group: group)) }
            checks[group] = nil
        }
        for run in watched {
            guard let check = policy(run.index).check else { continue }
            var state = checks[run.group] ?? HealthCheckState(
                timing: check.timing, instance: run.index, decidesReadiness: instances[run.index].readiness == .check,
                runStartedAt: run.startedAt)
            if state.isOverdue(now: now) {
                actions.append(.cancelCheck(group: run.group))
                let verdict = state.timedOut(ready: isReady(run.group, run.index))
                checks[run.group] = state
                judge(verdict, group: run.group, index: run.index, check: check, now: now, into: &actions)
                // The verdict may have stopped the run or promoted it: look again at the next event.
                guard checks[run.group] != nil, instances[run.index].stopDeadline == nil else { continue }
                state = checks[run.group] ?? state
            }
            let ready = isReady(run.group, run.index)
            if state.isDue(now: now, ready: ready) {
                state.begin(now: now, ready: ready)
                actions.append(.startCheck(CheckRequest(group: run.group, instance: run.index, probe: check.probe, port: instances[run.index].port)))
            }
            checks[run.group] = state
        }
    }

    /// A check answered: only the one in flight counts (a late answer of a cancelled check is dropped).
    mutating func checked(group: pid_t, _ result: CheckResult, now: Milliseconds, into actions: inout [LifecycleAction]) {
        guard isRunning, var state = checks[group], state.since != nil, let check = policy(state.instance).check else { return }
        let verdict = state.record(result, ready: isReady(group, state.instance))
        checks[group] = state
        judge(verdict, group: group, index: state.instance, check: check, now: now, into: &actions)
    }

    /// When a check next needs a tick: the earliest deadline in flight or check due.
    var nextCheckDeadline: Milliseconds? {
        checks.compactMap { group, state in state.nextDeadline(ready: isReady(group, state.instance)) }.min()
    }

    /// The check of the instance's current run, for `status` (`ok`, `failing 2/3`); nil without one.
    func checkSummary(_ index: Int) -> String? {
        guard let pid = instances[index].pid, let state = checks[pid] else { return nil }
        return state.summary
    }

    /// Every run a check watches, in instance order: current runs not being stopped, then their replacements.
    private var checkedRuns: [(group: pid_t, index: Int, startedAt: Milliseconds)] {
        var runs: [(group: pid_t, index: Int, startedAt: Milliseconds)] = []
        // Every event asks, so no type's whole policy is built per instance (a formation of
        // thousands without checks paid that on every spawn).
        let checked = options.policy.checkByType
        guard !checked.isEmpty else { return runs }
        // A job's run (an admin type's) runs to its end: no check (the exports give jobs no probes either).
        for index in instances.indices where checked[instances[index].type] != nil && !instances[index].isJob {
            if let pid = instances[index].pid, instances[index].stopDeadline == nil { runs.append((pid, index, instances[index].startedAt)) }
            if let replacement = instances[index].replacement { runs.append((replacement.pid, index, replacement.startedAt)) }
        }
        return runs
    }

    /// Whether the run leading `group` is ready (a replacement never is: it becomes the instance's run when it is).
    private func isReady(_ group: pid_t, _ index: Int) -> Bool {
        instances[index].pid == group && instances[index].ready
    }

    /// What an answer means for the run: readiness at the first success (when the check decides
    /// it), a stop at the failure threshold; the stop is `fail`'s, reported as a failed check.
    private mutating func judge(
        _ verdict: HealthCheckState.Verdict, group: pid_t, index: Int, check: HealthCheck, now: Milliseconds, into actions: inout [LifecycleAction]
    ) {
        switch verdict {
        case .none, .failing:
            return
        case .firstSuccess:
            guard instances[index].readiness == .check else { return }
            if instances[index].replacement?.pid == group {
                promote(index, now: now, into: &actions)
            } else if instances[index].pid == group, !instances[index].ready, instances[index].stopDeadline == nil {
                becameReady(index, now: now, into: &actions)
            }
        case .unhealthy(let count):
            guard instances[index].pid == group else { return }
            let last = checks[group]?.last?.answer ?? "no answer"
            let times = count == 1 ? "failed" : "failed \(count) times in a row"
            let reason = "health check \(check.probe) \(times) (last: \(last))"
            let signal = policy(index).stopSignal
            var stopping: [LifecycleAction] = []
            fail(index, signal: signal, because: reason, now: now, into: &stopping)
            // `fail` reports a failed readiness check; this stop gets an event of its own.
            actions += stopping.map { action in
                guard case .report(.notReady) = action else { return action }
                return .report(.checkFailed(instance: instances[index].name, pid: group, check: check.probe.description, failures: count, last: last, signal: signal))
            }
        }
    }
}
