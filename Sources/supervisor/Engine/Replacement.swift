import Glibc

/// A rolling restart's new run of an instance, started while the old one still serves (the
/// type shares one listening socket, `--socket`). It takes the instance over once ready; until
/// then the old run is untouched, and a replacement that fails leaves it running.
struct Replacement: Equatable, Sendable {
    let pid: pid_t
    let startedAt: Milliseconds
    /// Not ready by then: the roll is aborted.
    var readyDeadline: Milliseconds?
    var status: String?
}
