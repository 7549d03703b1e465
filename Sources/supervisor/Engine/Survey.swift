import Glibc

/// What the loop saw of the system for the lifecycle: which of the groups it asked about still
/// have members, and the supervisor's children that are no leader it started (orphans that left
/// their group, e.g. `setsid` daemons), when it asked for them.
struct Survey: Equatable, Sendable {
    var aliveGroups: Set<pid_t> = []
    var strays: [pid_t] = []

    /// What the lifecycle wants surveyed at the end of a turn.
    struct Request: Equatable, Sendable {
        var groups: [pid_t] = []
        var strays = false

        var isEmpty: Bool { groups.isEmpty && !strays }
    }
}
