/// How one process group is stopped: its type's stop signal, then SIGKILL after its grace
/// period (what the watchdog does for each group if the supervisor is killed outright).
struct GroupStop: Equatable, Sendable {
    let signal: Int32
    let gracePeriod: Milliseconds

    init(_ policy: TypePolicy) {
        signal = policy.stopSignal
        gracePeriod = policy.gracePeriod
    }
}
