import CSupervisor
import Glibc

extension FormationRunner {
    /// Before the first spawn: the notify socket (a failure is one warning: `--ready notify`
    /// types then never become ready), the shared listening sockets (a failure stops the
    /// start), and the supervisor's own manager.
    func openReadiness() throws(SupervisorError) {
        for type in options.sockets {
            guard let port = lifecycle.instances.first(where: { $0.type == type })?.port else { continue }
            listenSockets[type] = try ListenSocket.bind(type: type, host: options.environment["HOST"] ?? "0.0.0.0", port: port)
        }
        if let path = notifyPath() {
            do {
                let socket = try NotifySocket.open(at: path)
                try loop.add(socket.fd)
                notifySocket = socket
            } catch {
                sink.event(.warning("\(error.description): children get no NOTIFY_SOCKET, and --ready notify types never become ready"))
            }
        }
        manager = ManagerNotifier(environment: options.managerEnvironment)
    }

    /// The notify socket's path: beside the control socket when this start holds the sockets'
    /// lock; else (`--control none` beside a running formation) a name of this process's own,
    /// so that the other formation's socket is never touched. Nil without a usable directory.
    private func notifyPath() -> String? {
        guard let path = options.notifyPath else { return nil }
        if socketLock != nil { return path }
        guard options.controlPath == nil, FileSystem.exists(FileSystem.directory(of: path)) else { return nil }
        return ControlSocket.sibling(of: options.socketBase, "-\(getpid()).notify")
    }

    /// What a child's environment gets for readiness: `NOTIFY_SOCKET` (and never the
    /// supervisor's own manager's variables).
    func readinessEnvironment(_ environment: inout [String: String]) {
        for key in ManagerNotifier.variables { environment[key] = nil }
        if let notifySocket { environment["NOTIFY_SOCKET"] = notifySocket.path }
    }

    /// Notify datagrams: those from an instance's group go to the lifecycle; the rest (a foreign
    /// or vanished sender, malformed, unknown or oversized) are counted and never fatal.
    func receiveNotifications(now: Milliseconds) {
        guard let notifySocket else { return }
        for datagram in notifySocket.receive() {
            guard let bytes = datagram.bytes else {
                ignoredNotification(from: datagram.sender, "over \(NotifyMessage.maximumBytes) bytes")
                continue
            }
            let message: NotifyMessage
            do throws(NotifyMessage.ParseError) {
                message = try NotifyMessage.parse(bytes)
            } catch .unknown {
                // Well-formed keys this supervisor has no use for (MAINPID=, ERRNO=): counted, not shouted.
                notificationsIgnored += 1
                continue
            } catch {
                ignoredNotification(from: datagram.sender, error.description)
                continue
            }
            guard let group = datagram.group, lifecycle.leaders.contains(group) else {
                ignoredNotification(from: datagram.sender, "the sender is no process of this formation")
                continue
            }
            perform(lifecycle.handle(.notify(group: group, message, now: now)), now: now)
        }
    }

    /// Counts an ignored datagram; the first few are warnings, then one in a hundred.
    private func ignoredNotification(from sender: pid_t, _ reason: String) {
        notificationsIgnored += 1
        if notificationsIgnored <= 3 || notificationsIgnored % 100 == 0 {
            sink.event(.warning("ignored a notify datagram from pid \(sender): \(reason) (\(notificationsIgnored) ignored so far)"))
        }
    }

    /// `--ready port`: one connect per waiting run.
    func probePorts(now: Milliseconds) {
        for probe in lifecycle.portProbes where fm_port_open(Int32(probe.port), 5) == 1 {
            perform(lifecycle.handle(.portOpen(group: probe.group, now: now)), now: now)
        }
    }

    /// The supervisor's own manager: `READY=1` once every instance is ready, `STOPPING=1` when
    /// the formation stops, watchdog keep-alives. Returns when it next needs a turn.
    func tellManager(now: Milliseconds) -> Milliseconds? {
        if !announcedReady, lifecycle.isFormationReady {
            announcedReady = true
            let count = lifecycle.instances.filter(\.isActive).count
            sink.event(.formationReady(instances: count))
            if let problem = manager?.send("READY=1\nSTATUS=\(count) instance\(count == 1 ? "" : "s") ready") { sink.event(.warning(problem)) }
        }
        // Also when the stop finished within this very turn (every child already gone).
        if !announcedStopping, !lifecycle.isRunning {
            announcedStopping = true
            if let problem = manager?.send("STOPPING=1\nSTATUS=stopping") { sink.event(.warning(problem)) }
        }
        guard manager != nil, let ping = manager?.pingIfDue(now: now) else { return nil }
        if let problem = ping.problem { sink.event(.warning(problem)) }
        return ping.due
    }
}

extension NotifyMessage.ParseError: CustomStringConvertible {
    var description: String {
        switch self {
        case .malformed(let reason): return "malformed (\(reason))"
        case .unknown: return "no assignment the supervisor knows"
        }
    }
}
