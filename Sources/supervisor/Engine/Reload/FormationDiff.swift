/// What a reload changes: the running formation's types against the same types read again,
/// as a list of `FormationChange`s in Procfile order (the new one's, then the types it lost),
/// or the problems that make it impossible (then nothing changes). Pure: definitions and
/// environments in, changes out; the runner turns them into a `LifecycleRequest.reload`.
struct FormationDiff: Equatable, Sendable {
    var changes: [FormationChange] = []
    /// Why the files cannot be applied to the running formation (a shared socket's port moved).
    var problems: [String] = []

    var isEmpty: Bool { changes.isEmpty }

    /// The types whose running instances restart.
    var restartedTypes: Set<String> {
        Set(changes.compactMap { if case .restarted(let type, _) = $0 { type } else { nil } })
    }

    /// Variables the supervisor reads itself: their effect is a policy, count or port change,
    /// compared as such (a child sees them, but they are the formation's, not the app's).
    static func isFormationSetting(_ key: String) -> Bool {
        key == "PORT" || key.hasPrefix("FORMATION")
    }

    /// The changes from `old` to `new`. `sockets`: the types sharing a socket (their port is
    /// bound once, so it cannot move while the formation runs).
    static func make(
        old: [TypeDefinition], new: [TypeDefinition],
        oldEnvironment: [String: String], newEnvironment: [String: String],
        oldSockets: [String], newSockets: [String]
    ) -> FormationDiff {
        var diff = FormationDiff()
        if Set(oldSockets) != Set(newSockets) {
            diff.problems.append(
                "the shared sockets would change from \(words(oldSockets)) to \(words(newSockets)) (--socket, FORMATION_SOCKETS): a socket is bound once at start; stop and start the formation to change them")
        }
        let keys = Set(oldEnvironment.keys).union(newEnvironment.keys)
            .filter { !isFormationSetting($0) && oldEnvironment[$0] != newEnvironment[$0] }.sorted()
        let before = Dictionary(old.map { ($0.name, $0) }) { first, _ in first }
        for definition in new {
            guard let previous = before[definition.name], previous.count > 0 || previous.isAdmin else {
                if definition.count > 0 { diff.changes.append(.added(type: definition.name, count: definition.count)) }
                if definition.isAdmin { diff.changes.append(.adminAdded(type: definition.name)) }
                continue
            }
            var reasons = reasons(from: previous, to: definition)
            if !keys.isEmpty { reasons.append(.environment(keys)) }
            if previous.count != definition.count {
                diff.changes.append(.scaled(type: definition.name, from: previous.count, to: definition.count))
            }
            if previous.count > 0, definition.count > 0, !reasons.isEmpty {
                if newSockets.contains(definition.name), previous.ports.first != definition.ports.first,
                    let was = previous.ports.first, let now = definition.ports.first {
                    diff.problems.append(
                        "\(definition.name)'s shared socket is bound to port \(was); the files now give it \(now) (PORT, or the Procfile's order, changed): stop and start the formation to move it")
                }
                diff.changes.append(.restarted(type: definition.name, because: reasons))
            }
            if previous.isAdmin, !definition.isAdmin, definition.count == 0 {
                diff.changes.append(.adminRemoved(type: definition.name))
            } else if !previous.isAdmin, definition.isAdmin {
                diff.changes.append(.adminAdded(type: definition.name))
            } else if previous.isAdmin, definition.isAdmin, !reasons.isEmpty {
                diff.changes.append(.adminChanged(type: definition.name, because: reasons))
            }
        }
        let remaining = Set(new.map(\.name))
        for definition in old where !remaining.contains(definition.name) {
            if definition.count > 0 { diff.changes.append(.removed(type: definition.name, count: definition.count)) }
            if definition.isAdmin { diff.changes.append(.adminRemoved(type: definition.name)) }
        }
        return diff
    }

    /// What differs between two definitions of one type, besides the environment and the count.
    private static func reasons(from old: TypeDefinition, to new: TypeDefinition) -> [FormationChange.Reason] {
        var reasons: [FormationChange.Reason] = []
        if old.command != new.command { reasons.append(.command) }
        var settings: [String] = []
        let (a, b) = (old.policy, new.policy)
        if a.restart != b.restart { settings.append("--restart") }
        if a.stopSignal != b.stopSignal { settings.append("--stop-signal") }
        if a.gracePeriod != b.gracePeriod { settings.append("--timeout") }
        if a.after != b.after { settings.append("--after") }
        if a.check != b.check { settings.append("--check") }
        if a.memoryMax != b.memoryMax { settings.append("--memory-max") }
        if a.schedule != b.schedule { settings.append("--schedule") }
        if old.readiness != new.readiness { settings.append("--ready") }
        if !settings.isEmpty { reasons.append(.policy(settings)) }
        // Ports of the instances both have (new instances take new ports anyway).
        if zip(old.ports, new.ports).contains(where: { $0 != $1 }) { reasons.append(.ports) }
        return reasons
    }

    private static func words(_ types: [String]) -> String {
        types.isEmpty ? "none" : types.sorted().joined(separator: ",")
    }
}
