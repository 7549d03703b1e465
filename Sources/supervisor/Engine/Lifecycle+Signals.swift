import Glibc

extension Lifecycle {
    /// A signal the supervisor received, by its role (`Options.signalRoles`); others are ignored.
    mutating func received(_ signal: Int32, now: Milliseconds, into actions: inout [LifecycleAction]) {
        switch options.signalRoles[signal] {
        case .stop(let escalates):
            switch phase {
            case .running:
                stop(.signal(signal), because: "received \(SignalName.of(signal))", now: now, into: &actions)
            case .stopping(var stop) where escalates:
                stop.killRequested = true
                phase = .stopping(stop)
            default:
                break
            }
        case .forward:
            send(signal, into: &actions)
        case .suspend:
            // The whole formation is suspended, not only the supervisor (whose children, in
            // sessions of their own, would never see the terminal's SIGTSTP).
            send(SIGSTOP, into: &actions)
            actions.append(.suspendSelf)
        case .resume:
            send(SIGCONT, into: &actions)
        case .reload:
            if isRunning { actions.append(.reload) }
        case nil:
            break
        }
    }

    private func send(_ signal: Int32, into actions: inout [LifecycleAction]) {
        let groups = liveGroups
        actions.append(.report(.forwarded(signal: signal, processes: groups.count)))
        for group in groups { actions.append(.signalGroup(group.pgid, signal)) }
    }
}
