/// How a supervisor event looks in the journal: its `MESSAGE_ID`, a syslog priority and the
/// structured fields beside `MESSAGE`.
extension SupervisorEvent {
    var journalMessageID: String {
        switch self {
        case .spawned: return JournalMessageID.spawned
        case .spawnFailed: return JournalMessageID.spawnFailed
        case .exited: return JournalMessageID.exited
        case .stopping: return JournalMessageID.stopping
        case .killing: return JournalMessageID.killing
        case .forwarded: return JournalMessageID.forwarded
        case .restarting: return JournalMessageID.restarting
        case .gaveUp: return JournalMessageID.gaveUp
        case .warning: return JournalMessageID.warning
        case .request: return JournalMessageID.request
        case .ready: return JournalMessageID.ready
        case .notReady: return JournalMessageID.notReady
        case .replaced: return JournalMessageID.replaced
        case .rollAborted: return JournalMessageID.rollAborted
        case .formationReady: return JournalMessageID.formationReady
        case .waiting: return JournalMessageID.waiting
        case .dependencyFailed: return JournalMessageID.dependencyFailed
        case .overMemory: return JournalMessageID.overMemory
        case .checkFailed: return JournalMessageID.checkFailed
        case .jobSkipped: return JournalMessageID.jobSkipped
        case .watchRestart: return JournalMessageID.watchRestart
        case .reloaded: return JournalMessageID.reloaded
        }
    }

    /// syslog priority: 3 (err) for failures, 4 (warning) for kills and warnings, 5 (notice)
    /// for an unexpected exit, 6 (info) otherwise.
    var journalPriority: Int {
        switch self {
        case .spawnFailed, .gaveUp, .dependencyFailed: return 3
        case .killing, .warning, .notReady, .rollAborted, .overMemory, .checkFailed, .jobSkipped: return 4
        case .request: return isProblem ? 4 : 5
        case .exited: return isProblem ? 5 : 6
        default: return 6
        }
    }

    /// Fields beside MESSAGE, MESSAGE_ID, PRIORITY and SYSLOG_IDENTIFIER.
    var journalFields: [(String, String)] {
        var fields: [(String, String)] = [("SUPERVISOR_EVENT", journalEventName)]
        if let instance {
            fields.append(("PROCESS_INSTANCE", instance))
            let type = instance.lastIndex(of: ".").map { String(instance[..<$0]) } ?? instance
            fields.append(("PROCESS_TYPE", type))
        }
        switch self {
        case .spawned(_, let pid, let port):
            fields += [("PROCESS_PID", "\(pid)"), ("PORT", "\(port)")]
        case .exited(_, let pid, let status, _):
            fields.append(("PROCESS_PID", "\(pid)"))
            fields += Self.statusFields(status)
        case .gaveUp(_, let limit, let status):
            fields += [("START_LIMIT_BURST", "\(limit.burst)"), ("START_LIMIT_INTERVAL_USEC", "\(limit.intervalMilliseconds * 1000)")]
            fields += Self.statusFields(status)
        case .stopping(_, let signal, _, _), .forwarded(let signal, _):
            fields.append(("SIGNAL", SignalName.of(signal)))
        case .killing(_, let pid, _):
            fields += [("PROCESS_PID", "\(pid)"), ("SIGNAL", "SIGKILL")]
        case .ready(_, let pid, _):
            fields.append(("PROCESS_PID", "\(pid)"))
        case .notReady(_, let pid, _, let signal):
            fields += [("PROCESS_PID", "\(pid)"), ("SIGNAL", SignalName.of(signal))]
        case .replaced(_, let old, let new, _, _):
            fields += [("PROCESS_PID", "\(new)"), ("REPLACED_PID", "\(old)")]
        case .waiting(_, let dependencies):
            fields.append(("WAITING_FOR", dependencies.map(\.description).joined(separator: " ")))
        case .dependencyFailed(let waiting, let dependency, _):
            fields += [("WAITING_TYPES", waiting.joined(separator: " ")), ("DEPENDENCY", dependency.description)]
        case .overMemory(_, let pid, let bytes, let cap, let signal, _):
            fields += [("PROCESS_PID", "\(pid)"), ("MEMORY_RSS_BYTES", "\(bytes)"), ("MEMORY_MAX_BYTES", "\(cap)"), ("SIGNAL", SignalName.of(signal))]
        case .checkFailed(_, let pid, let check, let failures, let last, let signal):
            fields += [("PROCESS_PID", "\(pid)"), ("CHECK", check), ("CHECK_FAILURES", "\(failures)"), ("CHECK_LAST", last), ("SIGNAL", SignalName.of(signal))]
        case .jobSkipped(_, let due, let pid, _):
            fields += [("PROCESS_PID", "\(pid)"), ("SCHEDULE_DUE", due)]
        case .restarting(_, _, let attempt):
            fields.append(("RESTART_ATTEMPT", "\(attempt)"))
        case .watchRestart(let type, let paths, let changes, _):
            fields += [("PROCESS_TYPE", type), ("WATCH_PATH", paths.first ?? ""), ("WATCH_CHANGES", "\(changes)")]
        case .reloaded(let by, let changes):
            fields += [("RELOAD_BY", by), ("RELOAD_CHANGES", "\(changes.count)")]
        case .request(let what, let peer, _, let refused):
            fields += [("CONTROL_REQUEST", what), ("CONTROL_PEER_PID", "\(peer.pid)"), ("CONTROL_PEER_UID", "\(peer.uid)"),
                       ("CONTROL_OUTCOME", refused ? "refused" : "done")]
        default:
            break
        }
        return fields
    }

    /// The lower-case name of the event kind, e.g. `exited`.
    var journalEventName: String {
        switch self {
        case .spawned: return "spawned"
        case .spawnFailed: return "spawn-failed"
        case .exited: return "exited"
        case .stopping: return "stopping"
        case .killing: return "killing"
        case .forwarded: return "forwarded"
        case .restarting: return "restarting"
        case .gaveUp: return "gave-up"
        case .warning: return "warning"
        case .request: return "request"
        case .ready: return "ready"
        case .notReady: return "not-ready"
        case .replaced: return "replaced"
        case .rollAborted: return "roll-aborted"
        case .formationReady: return "formation-ready"
        case .waiting: return "waiting"
        case .dependencyFailed: return "dependency-failed"
        case .overMemory: return "over-memory"
        case .checkFailed: return "check-failed"
        case .jobSkipped: return "job-skipped"
        case .watchRestart: return "watch-restart"
        case .reloaded: return "reloaded"
        }
    }

    /// systemd's own convention: EXIT_CODE=exited|killed, EXIT_STATUS=code or signal name.
    private static func statusFields(_ status: TerminationStatus) -> [(String, String)] {
        switch status {
        case .exited(let code): return [("EXIT_CODE", "exited"), ("EXIT_STATUS", "\(code)")]
        case .signaled(let signal): return [("EXIT_CODE", "killed"), ("EXIT_STATUS", SignalName.of(signal))]
        }
    }
}
