import Glibc

extension Scheduler {
    /// One run of an admin type, as `status`, `trigger` and the dashboard report it: wall-clock
    /// facts the lifecycle does not keep (it reads no clock).
    struct Run: Equatable, Sendable {
        let instance: String
        /// Its leader; 0 when it could not start.
        let pid: pid_t
        /// When it started, UTC seconds.
        let started: Int
        /// The same moment on the loop's monotonic clock, for its duration.
        let startedAt: Milliseconds
        /// How it ended and after how long; nil while it runs.
        var status: TerminationStatus?
        var milliseconds: Milliseconds?

        var isRunning: Bool { status == nil }

        /// `backup-job.1 exited 0 after 1.2s`, `backup-job.1 was killed by SIGTERM after 3s`.
        var summary: String {
            let after = "after \(SupervisorEvent.seconds(Int(milliseconds ?? 0)))"
            switch status {
            case .exited(let code)?: return "\(instance) exited \(code) \(after)"
            case .signaled(let signal)?: return "\(instance) was killed by \(SignalName.of(signal)) \(after)"
            case nil: return "\(instance) is running (pid \(pid))"
            }
        }
    }
}
