import Glibc

/// What a signal the supervisor receives means to the lifecycle.
enum SignalRole: Equatable, Sendable {
    /// Stop the formation. When `escalates`, the same signal during the stop kills what is left
    /// at once (a second Ctrl-C); SIGHUP does not (a closing terminal may send it twice).
    case stop(escalates: Bool)
    /// Pass it to every live process group.
    case forward
    /// Ctrl-Z: stop every group, then the supervisor itself.
    case suspend
    /// SIGCONT: continue every group.
    case resume
    /// SIGHUP under a service manager: read the files again (`supervisor reload`).
    case reload

    /// `supervisor start`: INT, TERM and QUIT stop (twice: at once), HUP stops, USR1 and USR2
    /// are forwarded, TSTP and CONT suspend and resume the formation.
    static let formation: [Int32: SignalRole] = [
        SIGINT: .stop(escalates: true), SIGTERM: .stop(escalates: true), SIGQUIT: .stop(escalates: true),
        SIGHUP: .stop(escalates: false), SIGUSR1: .forward, SIGUSR2: .forward,
        SIGTSTP: .suspend, SIGCONT: .resume,
    ]

    /// `supervisor run`: the one process decides; every signal is forwarded to it (its job control
    /// is the runner's, as a shell's).
    static let oneOff: [Int32: SignalRole] = [
        SIGINT: .forward, SIGTERM: .forward, SIGHUP: .forward, SIGQUIT: .forward,
        SIGUSR1: .forward, SIGUSR2: .forward, SIGWINCH: .forward,
    ]
}
