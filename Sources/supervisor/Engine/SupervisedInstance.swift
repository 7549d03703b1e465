import Glibc

/// One instance of the formation (e.g. `web.2`) across its restarts, as the lifecycle sees it:
/// what to run, and what happened to its runs so far.
struct SupervisedInstance: Equatable, Sendable {
    let name: String
    let type: String
    /// The type's position in the Procfile (its colour, its port block).
    let typeIndex: Int
    let port: Int
    let command: String

    /// The running leader (also its process group id), or nil between runs.
    var pid: pid_t?
    var startedAt: Milliseconds = 0
    var consecutiveFailures = 0
    /// Forks that failed in a row (the system refused a process), for the retry delay.
    var forkFailures = 0
    /// When the last runs started (at most the restart limit's burst), for `RestartLimit`.
    var starts: [Milliseconds] = []
    /// When the next start is due (the first one, a restart, a retried fork).
    var startAt: Milliseconds?
    /// Exited successfully under `on-failure`: not restarted.
    var finished = false

    init(name: String, type: String, typeIndex: Int, port: Int, command: String) {
        self.name = name
        self.type = type
        self.typeIndex = typeIndex
        self.port = port
        self.command = command
    }
}
