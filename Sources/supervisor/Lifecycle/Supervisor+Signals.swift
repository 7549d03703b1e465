import Glibc

extension Supervisor {
    func handle(signals received: [Int32], now: Int64) {
        for signal in received {
            switch signal {
            case SIGCHLD:
                reap(now: now)
            case SIGINT, SIGTERM, SIGHUP, SIGQUIT:
                switch phase {
                case .running:
                    stop(reason: .signal(signal), because: "received \(SignalName.of(signal))", now: now)
                case .stopping where signal != SIGHUP:
                    // A second interrupt: the user does not want to wait for the grace period.
                    killRemaining(now: now, after: nil)
                default:
                    break
                }
            case SIGTSTP:
                suspend()
            case SIGCONT:
                resume()
            case SIGUSR1, SIGUSR2:
                let groups = liveGroups()
                sink.event(.forwarded(signal: signal, processes: groups.count))
                for (pgid, _) in groups { ProcessGroup.signal(pgid, signal) }
            default:
                break
            }
        }
    }

    /// Collects every ended child: ours, or an orphan that was re-parented to us.
    ///
    /// Every reaped leader is let go of before any exit is acted upon: when the first exit of a
    /// pass stops the formation, a leader reaped in the same pass must not be on the list of
    /// groups to signal, since its (empty) group's number may already belong to someone else.
    func reap(now: Int64) {
        let ended = Reaper.reapAll().compactMap { pid, status -> (ManagedProcess, pid_t, TerminationStatus)? in
            if pid == watchdog?.pid {
                replaceWatchdog(after: status)
                return nil
            }
            guard let process = byPid.removeValue(forKey: pid) else { return nil }
            process.pid = nil
            return (process, pid, status)
        }
        for (process, pid, status) in ended {
            // Lines written before the exit come before the exit event.
            for stream in Array(streams.values) where stream.source.pid == pid {
                read(stream, now: now, chunks: Self.drainChunks)
            }
            if ProcessGroup.isAlive(pid) {
                lingering.append(LingeringGroup(pgid: pid, name: process.name, deadline: now + Int64(options.gracePeriodMilliseconds)))
                if phase.isRunning { ProcessGroup.signal(pid, SIGTERM) }
            } else {
                watchdog?.forget(group: pid)
            }
            sink.event(.exited(instance: process.name, pid: pid, status: status, duringStop: !phase.isRunning))
            exited(process, status: status, now: now)
        }
    }

    /// Ctrl-Z: the whole formation is suspended, not only the supervisor (whose children, in
    /// sessions of their own, would never see the terminal's SIGTSTP): SIGSTOP to every group,
    /// then to ourselves. `fg`/`bg` (SIGCONT) continues us, and `resume` the groups.
    func suspend() {
        let groups = liveGroups()
        sink.event(.forwarded(signal: SIGSTOP, processes: groups.count))
        // Handed to the writer; `drain` would also report as lost what a paused terminal holds.
        sink.flush()
        for (pgid, _) in groups { ProcessGroup.signal(pgid, SIGSTOP) }
        kill(getpid(), SIGSTOP)
    }

    /// SIGCONT, after a suspend or from anyone: every group continues.
    func resume() {
        let groups = liveGroups()
        sink.event(.forwarded(signal: SIGCONT, processes: groups.count))
        for (pgid, _) in groups { ProcessGroup.signal(pgid, SIGCONT) }
    }

    /// Every process group still alive (running leaders and lingering groups) with a name.
    func liveGroups() -> [(pgid: pid_t, name: String)] {
        var groups = processes.compactMap { process in process.pid.map { ($0, process.name) } }
        groups += lingering.map { ($0.pgid, $0.name) }
        return groups
    }
}
