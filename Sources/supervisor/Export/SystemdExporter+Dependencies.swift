extension SystemdExporter {
    /// The units of `role`: its instances (`APP-TYPE@PORT.service`), or its one oneshot unit.
    static func units(_ plan: ExportPlan, _ role: ProcessRole) -> [String] {
        let name = "\(plan.app)-\(role.type.name)"
        return role.runsOnce ? ["\(name).service"] : (0..<role.replicas).map { "\(name)@\(role.port + $0).service" }
    }

    /// What `role` waits for, in systemd's two relations: `After=` orders the start (a
    /// `Type=notify` unit is started at READY=1, a oneshot once it exited 0), `Requires=` fails
    /// this unit's start when the dependee's fails and stops it when the dependee is stopped.
    /// `Requires=`, not `BindsTo=`: a dependee that exits on its own leaves its dependents
    /// running (systemd.unit(5)), as `start` does not restart dependents with their dependency;
    /// `BindsTo=` would stop them at every crash. `exited` takes `Wants=`: any exit will do.
    /// Admin types run by hand and wait for nothing.
    static func dependencyLines(_ plan: ExportPlan, _ role: ProcessRole) -> [String] {
        guard !role.isAdmin else { return [] }
        var after: [String] = []
        var requires: [String] = []
        var wants: [String] = []
        for dependency in plan.dependencies.edges[role.type.name] ?? [] {
            guard let dependee = plan.role(dependency.type) else { continue }
            let units = units(plan, dependee)
            after += units
            if dependency.condition == .exited { wants += units } else { requires += units }
        }
        return [("After", after), ("Requires", requires), ("Wants", wants)]
            .filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.joined(separator: " "))" }
    }

    /// Whether systemd's start order holds `dependency` as `start` does: `ready` of a type
    /// that is ready by its port or its check, and `succeeded` or `exited` of a type that keeps running,
    /// have no systemd equivalent (`After=` waits for its start only).
    static func expresses(_ dependency: Dependency, _ plan: ExportPlan) -> Bool {
        guard let dependee = plan.role(dependency.type), !dependee.runsOnce else { return true }
        switch dependency.condition {
        case .started: return true
        case .ready:
            // Type=notify is started at READY=1; a type ready by its port or its check is
            // started at the fork, before it is ready.
            let mode = plan.settings.readiness[dependee.type.name]
            return mode == .notify || (mode != .port && plan.settings.policy(for: dependee.type.name).check == nil)
        case .succeeded, .exited: return false
        }
    }
}
