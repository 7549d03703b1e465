import Glibc

extension FormationRunner {
    /// Carries out the lifecycle's actions in order; a spawn's outcome goes straight back to it,
    /// and the actions it answers with come before the ones after the spawn. They wait on a stack
    /// of our own, not the thread's: each spawn's answer asks for the next spawn, so recursion
    /// would go one call deeper per instance (4,000 instances overflowed the thread's stack).
    func perform(_ actions: [LifecycleAction], now: Milliseconds) {
        var pending = [actions.makeIterator()]
        while !pending.isEmpty {
            guard let action = pending[pending.count - 1].next() else {
                pending.removeLast()
                continue
            }
            switch action {
            case .spawn(let index):
                pending.append(lifecycle.handle(spawn(index, now: now)).makeIterator())
            case .report(let event):
                if case .rollAborted = event, !pendingRestarts.isEmpty { rollAborts.append(event.message) }
                sink.event(event)
                noteJob(event, now: now)
            case .suspendSelf:
                // Handed to the writer; `drain` would also report as lost what a paused terminal holds.
                sink.flush()
                kill(getpid(), SIGSTOP)
            case .finish:
                break
            case .reload:
                reloadOnSignal(now: now)
            case .startCheck(let request):
                startCheck(request, now: now)
            case .cancelCheck(let group):
                cancelCheck(group: group)
            case .signalGroup, .signalProcess, .forgetGroup:
                control?.perform(action)
            }
        }
    }

    /// Signals from the self-pipe: SIGCHLD reaps, the others are the lifecycle's to judge.
    func deliver(_ signals: [Int32], now: Milliseconds) {
        for signal in signals {
            if signal == SIGCHLD {
                reap(now: now)
            } else {
                perform(lifecycle.handle(.signal(signal, now: now)), now: now)
            }
        }
    }

    /// Collects every ended child. Lines a leader wrote before it exited come before its exit event.
    func reap(now: Milliseconds) {
        guard let (reaped, events) = control?.reap(liveGroups: lifecycle.liveGroups.map(\.pgid)) else { return }
        // `exec` health checks are the runner's own children: their exits are check answers.
        let ended = takeCheckExits(reaped, now: now)
        for event in events { sink.event(event) }
        let leaders = lifecycle.leaders
        for reaped in ended where leaders.contains(reaped.pid) {
            for stream in Array(streams.values) where stream.source.pid == reaped.pid {
                read(stream, now: now, chunks: Self.drainChunks)
            }
        }
        if !ended.isEmpty { perform(lifecycle.handle(.reaped(ended, now: now)), now: now) }
    }

    /// The end of a turn: what the lifecycle asked to see, then its timers. While stopping,
    /// exits whose SIGCHLD is still in the pipe are collected first.
    func tick(now: Milliseconds) {
        if case .stopping = lifecycle.phase { reap(now: now) }
        guard let control else { return }
        probePorts(now: now)
        let survey = control.survey(lifecycle.surveyRequest, leaders: lifecycle.leaders.union(checks.commandPIDs))
        perform(lifecycle.handle(.tick(now: now, survey)), now: now)
        managerDue = tellManager(now: now)
        answerRestarts(now: now)
        runJobs(now: now)
    }

    /// Milliseconds until the next thing to do, or -1 to wait for input only.
    func timeout(now: Milliseconds) -> Int32 {
        var next = min(lifecycle.nextDeadline(now: now) ?? .max, managerDue ?? .max)
        next = min(next, jobDeadline(now: now) ?? .max)
        next = min(next, watchDeadline() ?? .max)
        if let server = controlServer {
            if server.hasBacklog { next = now }
            if server.hasPendingOutput { next = min(next, now + Self.controlOutputPoll) }
            if let deadline = server.nextDeadline { next = min(next, deadline) }
        }
        if outputPaused {
            next = min(next, now + Self.pausedOutputPoll)
        } else {
            for stream in streams.values where stream.splitter.hasPartialLine {
                next = min(next, stream.lastDataAt + partialLineDelay(stream))
            }
        }
        if next == .max { return -1 }
        return Int32(clamping: max(0, next - now))
    }
}
