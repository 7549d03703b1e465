/// The formation's dependency graph, from each type's `after` and the release rule: which
/// types wait for which, in what order they start, and (its reverse) in what order they stop.
/// One question gates a start, as systemd's `job_is_runnable`: `blockers(of:satisfied:)`.
struct Dependencies: Equatable, Sendable {
    /// The types, in Procfile order (ties in `startOrder` keep it).
    let types: [String]
    /// What each type waits for, among `types`.
    let edges: [String: [Dependency]]

    /// The graph of `types` (Procfile order) when the types in `running` have instances
    /// (nil: all of them); dependencies on types outside `types` are left out (`validate`
    /// reports them).
    init(policy: FormationPolicy, types: [String], running: Set<String>? = nil) {
        let known = Set(types)
        let running = running ?? known
        self.types = types
        self.edges = Dictionary(uniqueKeysWithValues: types.map { type in
            (type, policy.dependencies(of: type, running: running).filter { known.contains($0.type) })
        })
    }

    /// The dependencies of `type` that `satisfied` does not hold yet: it may start when empty.
    func blockers(of type: String, satisfied: (Dependency) -> Bool) -> [Dependency] {
        (edges[type] ?? []).filter { !satisfied($0) }
    }

    /// The types that wait for `type` (directly).
    func dependents(of type: String) -> [String] {
        types.filter { edges[$0]?.contains { $0.type == type } == true }
    }

    /// Dependees before their dependents, otherwise in Procfile order (types on a cycle last).
    var startOrder: [String] {
        var order: [String] = []
        var placed: Set<String> = []
        while order.count < types.count {
            guard let next = types.first(where: { type in
                !placed.contains(type) && (edges[type] ?? []).allSatisfy { placed.contains($0.type) }
            }) else {
                order += types.filter { !placed.contains($0) }
                break
            }
            order.append(next)
            placed.insert(next)
        }
        return order
    }

    /// Dependents before what they depend on: `startOrder` reversed.
    var stopOrder: [String] { startOrder.reversed() }

    /// Every cycle once, each as the types in wait order with the first repeated at the end
    /// (`web worker web`: web waits for worker, which waits for web).
    var cycles: [[String]] {
        var found: [[String]] = []
        var seen: Set<Set<String>> = []
        var done: Set<String> = []
        func visit(_ type: String, path: [String]) {
            if let start = path.firstIndex(of: type) {
                let cycle = Array(path[start...]) + [type]
                if seen.insert(Set(cycle)).inserted { found.append(cycle) }
                return
            }
            guard !done.contains(type) else { return }
            for dependency in edges[type] ?? [] { visit(dependency.type, path: path + [type]) }
            done.insert(type)
        }
        for type in types { visit(type, path: []) }
        return found
    }
}
