import Glibc

/// A process group whose leader has exited while other members live on (a background job of
/// the shell), or a run drained after a rolling restart. They got their type's stop signal; at
/// the deadline (its grace period) they get SIGKILL.
struct LingeringGroup: Equatable, Sendable {
    let pgid: pid_t
    let name: String
    let type: String
    var deadline: Milliseconds
}
