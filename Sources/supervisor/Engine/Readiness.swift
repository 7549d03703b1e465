/// When an instance counts as ready (`--ready TYPE=MODE`): the moment a rolling restart may stop
/// the run it replaces, and the supervisor may tell its own manager `READY=1`.
enum Readiness: String, CaseIterable, Equatable, Sendable {
    /// Ready once spawned (the default: nothing to wait for).
    case started
    /// Ready when the instance sends `READY=1` to `NOTIFY_SOCKET` (systemd's `Type=notify`).
    case notify
    /// Ready when a TCP connect to its `PORT` on 127.0.0.1 succeeds.
    case port
    /// Ready at the type's health check's first success (`--check`; the default for a type with a check).
    case check
}
