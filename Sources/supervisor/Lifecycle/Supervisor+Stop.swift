import Glibc

extension Supervisor {
    /// SIGTERM to every process group, SIGKILL to those alive after the grace period.
    func stop(reason: StopReason, because description: String, now: Int64) {
        guard phase.isRunning else { return }
        stopReason = reason
        for process in processes { process.restartAt = nil }
        let groups = liveGroups()
        let orphans = strayChildren()
        phase = .stopping(deadline: now + Int64(options.gracePeriodMilliseconds))
        sink.event(.stopping(reason: description, signal: SIGTERM, processes: groups.count, gracePeriodMilliseconds: options.gracePeriodMilliseconds))
        for (pgid, _) in groups { ProcessGroup.signal(pgid, SIGTERM) }
        for pid in orphans { kill(pid, SIGTERM) }
        signaledStrays.formUnion(orphans)
        checkStopped(now: now)
    }

    /// SIGKILL to everything still alive. `after` is the grace period that ran out, or nil when
    /// a second interrupt asked for it at once.
    func killRemaining(now: Int64, after: Int?) {
        guard !killSent else { return }
        killSent = true
        for (pgid, name) in liveGroups() where ProcessGroup.isAlive(pgid) {
            killedDuringStop = true
            sink.event(.killing(instance: name, pid: pgid, afterMilliseconds: after ?? 0))
            ProcessGroup.signal(pgid, SIGKILL)
        }
        for pid in strayChildren() {
            killedDuringStop = true
            kill(pid, SIGKILL)
        }
        phase = .stopping(deadline: now + 5000)
    }

    /// Done when no leader runs, every group is empty and no stray child remains.
    func checkStopped(now: Int64) {
        guard case .stopping(let deadline) = phase else { return }
        reap(now: now)
        lingering.removeAll { group in
            if ProcessGroup.isAlive(group.pgid) { return false }
            watchdog?.forget(group: group.pgid)
            return true
        }
        let strays = strayChildren()
        // Orphans re-parented to us since the stop began (their parent just died) get SIGTERM too.
        if !killSent {
            for pid in strays where !signaledStrays.contains(pid) { kill(pid, SIGTERM) }
        }
        signaledStrays.formUnion(strays)
        if byPid.isEmpty && lingering.isEmpty && strays.isEmpty {
            phase = .finished
        } else if now >= deadline {
            if killSent {
                sink.event(.warning("processes survived SIGKILL for 5s (uninterruptible sleep?): exiting without them"))
                phase = .finished
            } else {
                killRemaining(now: now, after: options.gracePeriodMilliseconds)
            }
        }
    }

    /// Our children that are not a leader we started nor the watchdog: orphans re-parented to us
    /// that left their group (`setsid` daemons).
    func strayChildren() -> [pid_t] {
        let watchdogPID = watchdog?.pid ?? -1
        return ChildProcesses.of(getpid()).filter { byPid[$0] == nil && $0 != watchdogPID }
    }

    /// Restarts that are due, lingering groups past their deadline, quiet partial lines.
    func runTimers(now: Int64) {
        flushQuietPartialLines(now: now)
        if phase.isRunning {
            for process in processes {
                if let due = process.restartAt, due <= now {
                    process.restartAt = nil
                    start(process, now: now)
                }
            }
        }
        for index in lingering.indices where lingering[index].deadline <= now && phase.isRunning {
            let group = lingering[index]
            if ProcessGroup.isAlive(group.pgid) {
                sink.event(.killing(instance: group.name, pid: group.pgid, afterMilliseconds: options.gracePeriodMilliseconds))
                ProcessGroup.signal(group.pgid, SIGKILL)
            }
            lingering[index].deadline = Int64.max
        }
        if phase.isRunning {
            lingering.removeAll { group in
                if ProcessGroup.isAlive(group.pgid) { return false }
                watchdog?.forget(group: group.pgid)
                return true
            }
        }
    }

    /// Milliseconds until the next thing to do, or -1 to wait for input only.
    func timeout(now: Int64) -> Int32 {
        var next = Int64.max
        for stream in streams.values where stream.splitter.hasPartialLine && !outputPaused {
            next = min(next, stream.lastDataAt + partialLineDelay(stream))
        }
        for process in processes { if let due = process.restartAt { next = min(next, due) } }
        for group in lingering { next = min(next, group.deadline) }
        switch phase {
        case .stopping(let deadline):
            // Group members re-parented elsewhere send us no SIGCHLD: look again soon.
            next = min(next, deadline, now + 20)
        case .running where !lingering.isEmpty:
            next = min(next, now + 100)
        default:
            break
        }
        if outputPaused { next = min(next, now + 2) }
        if next == Int64.max { return -1 }
        return Int32(clamping: max(0, next - now))
    }
}
