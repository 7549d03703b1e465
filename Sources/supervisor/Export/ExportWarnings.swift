/// What an engine cannot express of the formation's policy, one line each for `export`'s stderr
/// (the export still succeeds); docs/deploy.md says why and what to do instead. Pure.
enum ExportWarnings {
    static func of(_ plan: ExportPlan, format: ExportFormat) -> [String] {
        switch format {
        case .systemd: systemd(plan)
        case .ecs: ecs(plan)
        case .kubernetes: kubernetes(plan)
        }
    }

    /// The signals `supervisor run` forwards to its process (anything else ends `run` itself).
    static var forwardedSignals: [Int32] {
        SignalRole.oneOff.filter { $0.value == .forward }.keys.sorted()
    }

    static func systemd(_ plan: ExportPlan) -> [String] {
        plan.roles.compactMap { role in
            let signal = plan.settings.policy(for: role.type.name).stopSignal
            guard !forwardedSignals.contains(signal) else { return nil }
            let names = forwardedSignals.map { PolicyWords.signal($0) }.joined(separator: ", ")
            return "systemd: \(role.type.name)'s stop signal \(SignalName.of(signal)) reaches `supervisor run` in \(plan.app)-\(role.type.name), which forwards only \(names); use one of them, e.g. --stop-signal \(role.type.name)=QUIT"
        }
    }

    static func ecs(_ plan: ExportPlan) -> [String] {
        var warnings: [String] = []
        for role in plan.roles {
            let name = role.type.name
            let wanted = plan.settings.engineStopTimeout(for: name)
            if wanted > ECSExporter.stopTimeout(plan.settings, role) {
                let longest = ECSExporter.stopTimeoutRange.upperBound - ExportSettings.engineMargin
                warnings.append("ecs: \(name)'s grace period needs a stopTimeout of \(wanted) s, above ECS's \(ECSExporter.stopTimeoutRange.upperBound) s; \(plan.app)-\(role.label) gets \(ECSExporter.stopTimeoutRange.upperBound) s, so ECS may kill it before the grace ends: use -t \(name)=\(longest) or less")
            }
        }
        return warnings + containers(plan, engine: "ecs", replacer: "an ECS service")
    }

    static func kubernetes(_ plan: ExportPlan) -> [String] {
        containers(plan, engine: "kubernetes", replacer: "a Deployment")
    }

    /// What a container engine cannot carry: the stop signal of an admin type (the engine sends
    /// SIGTERM and `supervisor run` forwards it as it is) and a long-running type's own `never`
    /// (the engine replaces the container whatever its exit).
    private static func containers(_ plan: ExportPlan, engine: String, replacer: String) -> [String] {
        var warnings: [String] = []
        for role in plan.roles {
            let name = role.type.name
            let policy = plan.settings.policy(for: name)
            if role.isAdmin && policy.stopSignal != TypePolicy().stopSignal {
                warnings.append("\(engine): \(name)'s stop signal \(SignalName.of(policy.stopSignal)) is not carried: the engine stops its container with SIGTERM and `supervisor run` forwards it as it is; let \(name) stop on SIGTERM too, or make it long-running (-m \(name)=1)")
            }
            if !role.isAdmin && plan.settings.policy.hasOwnRestart(name) && policy.restart == .never {
                warnings.append("\(engine): \(name)'s restart policy never cannot hold in \(replacer), which replaces a container whatever its exit; make it an admin type (-m \(name)=0) to run it once")
            }
        }
        return warnings
    }
}
