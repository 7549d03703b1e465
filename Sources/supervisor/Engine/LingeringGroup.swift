import Glibc

/// A process group whose leader has exited while other members live on (a background job of
/// the shell). They got SIGTERM; at the deadline they get SIGKILL.
struct LingeringGroup: Equatable, Sendable {
    let pgid: pid_t
    let name: String
    var deadline: Milliseconds
}
