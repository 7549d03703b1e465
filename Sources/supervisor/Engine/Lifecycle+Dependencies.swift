/// Dependencies gate starts with one question, as systemd's `job_is_runnable`: are the type's
/// blockers satisfied? The answer is read from the dependees' instances each time a start is
/// due (a first start or a restart), so it needs no state of its own.
///
/// Restarting a dependency does not restart its dependents: `--after` is systemd's
/// `Requires=` with `After=`, not `BindsTo=`. A running worker keeps its jobs when web restarts
/// (its own restarts wait for web again); a dependency that can no longer be met stops the
/// formation, as a failed `never` run does.
extension Lifecycle {
    /// Whether `dependency` holds: every instance of its type meant to run (not stopped on
    /// request, not scaled down) has been spawned (`started`), runs ready (`ready`), exited 0
    /// (`succeeded`) or exited (`exited`). A one-shot that finished counts as started and ready.
    func satisfied(_ dependency: Dependency) -> Bool {
        let members = instances.filter { $0.type == dependency.type && !$0.held && !$0.retired }
        switch dependency.condition {
        case .started: return members.allSatisfy { $0.runs > 0 }
        case .ready: return members.allSatisfy { $0.finished || ($0.pid != nil && $0.ready) }
        case .succeeded: return members.allSatisfy { $0.finished && $0.lastExit?.isSuccess == true }
        case .exited: return members.allSatisfy { $0.pid == nil && $0.lastExit != nil }
        }
    }

    /// Whether the instance, due to start, may start now; when not, it is `waiting` (reported
    /// when what it waits for changes). `known`: each type's blockers found so far in this
    /// pass, so that many waiting instances of a type cost one look.
    mutating func runnable(_ index: Int, known: inout [String: [Dependency]], into actions: inout [LifecycleAction]) -> Bool {
        let type = instances[index].type
        let blockers = known[type] ?? dependencies.blockers(of: type) { satisfied($0) }
        known[type] = blockers
        if !blockers.isEmpty && blockers != instances[index].waitingFor {
            actions.append(.report(.waiting(instance: instances[index].name, dependencies: blockers)))
        }
        instances[index].waitingFor = blockers
        return blockers.isEmpty
    }

    /// The run of `instances[index]` ended for good (the formation stops because of it): each
    /// dependency on its type that can no longer be met fails the types waiting for it, one
    /// line per dependency naming the chain.
    func failDependents(of index: Int, status: TerminationStatus, gaveUp: Bool, into actions: inout [LifecycleAction]) {
        let type = instances[index].type
        let ended = instances[index].failedBecause.map { "was stopped: \($0)" } ?? "\(status)"
        let reason = gaveUp ? "\(ended) and reached its restart limit" : ended
        var waiting: [(dependency: Dependency, types: [String])] = []
        for dependent in dependencies.dependents(of: type) {
            let unstarted = instances.contains { $0.type == dependent && $0.pid == nil && $0.isActive && $0.startAt != nil }
            guard unstarted else { continue }
            for dependency in dependencies.edges[dependent] ?? [] where dependency.type == type && !satisfied(dependency) {
                if let at = waiting.firstIndex(where: { $0.dependency == dependency }) {
                    waiting[at].types.append(dependent)
                } else {
                    waiting.append((dependency, [dependent]))
                }
            }
        }
        for (dependency, types) in waiting {
            actions.append(.report(.dependencyFailed(waiting: types, dependency: dependency, reason: reason)))
        }
    }
}
