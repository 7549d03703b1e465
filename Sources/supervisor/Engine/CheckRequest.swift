import Glibc

/// A health check the lifecycle asks the runner to carry out for the run leading `group`
/// (`LifecycleAction.startCheck`); the answer comes back as `LifecycleEvent.checked`. The
/// lifecycle keeps the deadline: past it, it counts a timeout and sends `.cancelCheck`.
struct CheckRequest: Equatable, Sendable {
    let group: pid_t
    /// The instance whose run it is (its port, name and environment).
    let instance: Int
    let probe: HealthCheck.Probe
    let port: Int
}
