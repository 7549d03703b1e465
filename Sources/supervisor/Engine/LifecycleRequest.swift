import Glibc

/// A request from the control socket, with its targets already resolved to instance indices.
enum LifecycleRequest: Equatable, Sendable {
    /// Restart these, one at a time, in order; a stopped one is started.
    case restart([Int])
    /// Stop these without restarting them; the formation keeps running.
    case stop([Int])
    /// Scale: stop and retire `retire` (highest-numbered first), bring `revive` back, and add
    /// new instances (their names and ports already chosen by the port rule).
    case scale(retire: [Int], revive: [Int: InstanceDefinition], add: [SupervisedInstance])
    case signal([Int], Int32)
    /// Stop the formation as SIGTERM would.
    case shutdown
    /// One run of an admin type's job instance (a schedule, `supervisor trigger`).
    case trigger(Int)
    /// The Procfile, `.env` files and policy read again: new options and definitions, a scale,
    /// and restarts of the instances whose type changed (see `Lifecycle+Reload`).
    case reload(ReloadChange)
}
