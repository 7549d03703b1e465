import Glibc

/// One instance of the formation (e.g. `web.2`) across its restarts.
final class ManagedProcess {
    let name: String
    let type: String
    let typeIndex: Int
    let port: Int
    let command: String

    /// The running leader (also its process group id), or nil between runs.
    var pid: pid_t?
    var startedAt: Int64 = 0
    var consecutiveFailures = 0
    /// Forks that failed in a row (the system refused a process), for the retry delay.
    var forkFailures = 0
    /// When the last runs started (at most the restart limit's burst), for `RestartLimit`.
    var starts: [Int64] = []
    /// When a pending restart is due.
    var restartAt: Int64?
    /// Exited successfully under `on-failure`: not restarted.
    var finished = false

    init(name: String, type: String, typeIndex: Int, port: Int, command: String) {
        self.name = name
        self.type = type
        self.typeIndex = typeIndex
        self.port = port
        self.command = command
    }

    var isRunning: Bool { pid != nil }
}
