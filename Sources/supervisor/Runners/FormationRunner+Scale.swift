import Procfile

extension FormationRunner {
    /// `scale web=4,worker=0`: types named get that many instances, `all=N` every type not
    /// named, the others keep theirs. New instances get the next names and ports by the port
    /// rule (the same `InstancePlan` as at start); scaling down stops the highest-numbered first.
    /// Counts past the formation's bounds (``InstancePlan/limitProblems(procfile:counts:basePort:)``)
    /// are refused with one line and change nothing.
    func scalePlan(_ spec: String) -> Result<(LifecycleRequest, String), RequestRefusal> {
        guard let procfile = options.procfile else {
            return .failure(RequestRefusal(message: "this formation was started without a Procfile to scale"))
        }
        let formation: Formation
        do {
            formation = try Formation.parse(spec, knownTypes: procfile.names, source: "scale")
        } catch {
            return .failure(RequestRefusal(message: error.description.split(separator: "\n").joined(separator: "; ")))
        }
        let hasAll = spec.split(separator: ",").contains { String($0.prefix { $0 != "=" }).trimmingSpaces == "all" }
        let desired = { (type: ProcessType) -> Int in
            formation.counts[type.name] ?? (hasAll ? formation.defaultCount : self.activeCount(of: type.name))
        }
        // Bounded before anything is built: `web=2000000000` is refused in microseconds.
        let planned: [Instance]
        do {
            planned = try InstancePlan.make(procfile: procfile, counts: desired, basePort: options.basePort)
        } catch {
            return .failure(RequestRefusal(message: "scale: " + error.problems.map(\.description).joined(separator: "; ")))
        }
        let parts = scaleParts(planned, types: procfile.processTypes.map(\.name))
        let counts = procfile.processTypes.map { "\($0.name)=\(desired($0))" }.joined(separator: ",")
        return .success((.scale(retire: parts.retire, revive: parts.revive, add: parts.add), "scaling to \(counts)"))
    }

    /// The instances `type` has in the formation now (admin types' job instances, see
    /// `Lifecycle+Jobs`, are not instances of the formation here).
    func activeCount(of type: String) -> Int {
        lifecycle.instances.filter { $0.type == type && !$0.retired && !$0.isJob }.count
    }

    /// What it takes for the formation's instances (not admin types' jobs) to be `planned`:
    /// the ones not planned stop and retire (highest-numbered first), retired ones planned come
    /// back, and planned names never seen are added (a shared-socket type's on its socket's
    /// port). `types`: the Procfile's type names, for each new instance's position. `scale` and
    /// `reload` share it.
    func scaleParts(_ planned: [Instance], types: [String]) -> (retire: [Int], revive: [Int: InstanceDefinition], add: [SupervisedInstance]) {
        let wanted = Dictionary(planned.map { ($0.name, $0) }) { first, _ in first }
        let existing = lifecycle.instances
        let retire = existing.indices
            .filter { !existing[$0].retired && !existing[$0].isJob && wanted[existing[$0].name] == nil }
            .sorted { (Self.number(existing[$0].name), $0) > (Self.number(existing[$1].name), $1) }
        // A retired instance comes back on what the Procfile says now (a reload may have changed it).
        var revive: [Int: InstanceDefinition] = [:]
        for index in existing.indices where existing[index].retired && !existing[index].isJob {
            if let instance = wanted[existing[index].name] { revive[index] = definition(of: instance, types: types) }
        }
        let known = Set(existing.filter { !$0.isJob }.map(\.name))
        let add = planned.filter { !known.contains($0.name) }.map { instance in
            let definition = definition(of: instance, types: types)
            return SupervisedInstance(
                name: instance.name, type: instance.type, typeIndex: definition.typeIndex, port: definition.port, command: definition.command)
        }
        return (retire, revive, add)
    }

    /// What a planned instance runs: its command, its port (a shared-socket type's is its
    /// socket's) and its type's position in `types`.
    func definition(of instance: Instance, types: [String]) -> InstanceDefinition {
        InstanceDefinition(
            command: instance.command, port: listenSockets[instance.type]?.port ?? instance.port,
            typeIndex: types.firstIndex(of: instance.type) ?? 0)
    }

    /// The instance number in `web.3`.
    static func number(_ name: String) -> Int {
        name.split(separator: ".").last.flatMap { Int($0) } ?? 0
    }
}

