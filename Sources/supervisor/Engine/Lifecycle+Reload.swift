/// `supervisor reload` (and SIGHUP): the lifecycle takes the new options and definitions, scales
/// and queues the restarts the change asks for. Unchanged instances are not touched (same
/// runs, same health-check and memory state); a changed one restarts through the same queue as
/// `supervisor restart`, so a reload during a restart waits its turn behind it.
extension Lifecycle {
    mutating func reload(_ change: ReloadChange, now: Milliseconds, into actions: inout [LifecycleAction]) {
        options = change.options
        for (index, definition) in change.definitions { instances[index].define(definition) }
        removedTypes.formUnion(change.removedAdminTypes)
        removedTypes.subtract(change.add.map(\.type))
        removedTypes.subtract(change.revive.keys.map { instances[$0].type })
        scale(retire: change.retire, revive: change.revive, add: change.add, now: now, into: &actions)
        retireScaledJobs()
        dependencies = Self.graph(of: instances, policy: options.policy)
        // The next run of every instance judges readiness by the new options; a run going on
        // keeps the mode it started with unless it restarts below.
        for index in instances.indices where instances[index].pid == nil || change.restart.contains(index) {
            instances[index].readiness = readiness(of: instances[index])
        }
        // An instance restarting now (its replacement may run the old definition) goes again.
        restartQueue += change.restart.filter { !restartQueue.contains($0) }
        nextRestart(now: now, into: &actions)
    }
}
