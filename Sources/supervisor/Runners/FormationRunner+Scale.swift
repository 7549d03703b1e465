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
        // Admin types' job instances (see `Lifecycle+Jobs`) are not instances of the formation here.
        let active = { (type: String) in self.lifecycle.instances.filter { $0.type == type && !$0.retired && !$0.isJob }.count }
        let desired = { (type: ProcessType) -> Int in
            formation.counts[type.name] ?? (hasAll ? formation.defaultCount : active(type.name))
        }
        // Bounded before anything is built: `web=2000000000` is refused in microseconds.
        let planned: [Instance]
        do {
            planned = try InstancePlan.make(procfile: procfile, counts: desired, basePort: options.basePort)
        } catch {
            return .failure(RequestRefusal(message: "scale: " + error.problems.map(\.description).joined(separator: "; ")))
        }
        let wanted = Set(planned.map(\.name))
        let existing = lifecycle.instances
        let retire = existing.indices
            .filter { !existing[$0].retired && !existing[$0].isJob && !wanted.contains(existing[$0].name) }
            .sorted { (Self.number(existing[$0].name), $0) > (Self.number(existing[$1].name), $1) }
        let revive = existing.indices.filter { existing[$0].retired && !existing[$0].isJob && wanted.contains(existing[$0].name) }
        let known = Set(existing.filter { !$0.isJob }.map(\.name))
        let types = procfile.processTypes.map(\.name)
        let add = planned.filter { !known.contains($0.name) }.map { instance in
            SupervisedInstance(
                name: instance.name, type: instance.type, typeIndex: types.firstIndex(of: instance.type) ?? 0,
                port: listenSockets[instance.type]?.port ?? instance.port, command: instance.command)
        }
        let counts = procfile.processTypes.map { "\($0.name)=\(desired($0))" }.joined(separator: ",")
        return .success((.scale(retire: retire, revive: revive, add: add), "scaling to \(counts)"))
    }

    /// The instance number in `web.3`.
    static func number(_ name: String) -> Int {
        name.split(separator: ".").last.flatMap { Int($0) } ?? 0
    }
}

