/// One request on the control socket (one JSON object per line, see docs/control.md).
public enum ControlRequest: Equatable, Sendable {
    /// Every instance's row.
    case status
    /// Restarts the targets (types or instances); a type one instance at a time. Also starts a
    /// stopped instance.
    case restart(targets: [String])
    /// Stops the targets without restarting them; the formation keeps running.
    case stop(targets: [String])
    /// A formation such as `web=4,worker=0` (parsed by the supervisor with the Procfile rules).
    case scale(formation: String)
    /// Sends a signal (a name such as `USR1` or `SIGHUP`, or a number) to the targets' groups.
    case signal(targets: [String], signal: String)
    /// The last `lines` lines per instance (all instances when `targets` is empty), then, when
    /// `follow`, every new line until the client goes away.
    case logs(targets: [String], lines: Int, follow: Bool)
    /// Stops the formation as SIGTERM would.
    case shutdown
    /// Runs an admin type (formation count 0) once, inside the formation, with `arguments`
    /// appended to its command; answered when the run has ended, with its exit status.
    case trigger(type: String, arguments: [String])
    /// Reads the Procfile, the `.env` files and the per-type policy again, as `start` read them,
    /// and applies only the difference; with `dryRun`, answers with the plan and changes nothing.
    /// Answered when every restart it asked for is done.
    case reload(dryRun: Bool)
}
