extension ExportWarnings {
    /// What the engines cannot carry of checks and memory caps: a check on a type that runs once
    /// (every engine runs it to completion, with no probe), ECS's bounds on a `healthCheck`
    /// (each setting is written within them), and a cap above an ECS task's memory.
    static func checks(_ plan: ExportPlan, format: ExportFormat) -> [String] {
        var warnings: [String] = []
        for role in plan.roles {
            let name = role.type.name
            let policy = plan.settings.policy(for: name)
            if let check = policy.check, role.runsOnce {
                warnings.append("\(format.rawValue): \(name)'s check (\(check.probe)) is not carried: \(name) runs once (\(role.isRelease ? "the release phase" : "an admin type")), to completion, with no probe; its exit status is its health")
            }
            guard format == .ecs else { continue }
            if let check = policy.check, !role.runsOnce {
                for setting in ECSExporter.checkSettings(check, port: role.port) where setting.changesCheck {
                    let raised = setting.written > setting.wanted
                    // startPeriod is the delay and one check, at least.
                    let fix = setting.name == "startPeriod" ? setting.written - ExportedCheck.startupPeriodSeconds : setting.written
                    warnings.append("ecs: \(name)'s healthCheck \(setting.name) would be \(setting.wanted), but ECS takes \(setting.range.lowerBound) to \(setting.range.upperBound), so \(plan.app)-\(role.label) gets \(setting.written); use \(setting.option) \(name)=\(fix) or \(raised ? "more" : "less") for the same check as start")
                }
            }
            if let cap = policy.memoryMax, cap >> 20 > plan.settings.memory {
                warnings.append("ecs: \(name)'s --memory-max \(MemorySize.text(cap)) is above the task's --memory \(plan.settings.memory) MiB, so the container's memory is \(plan.settings.memory); raise --memory to a Fargate size of at least \((cap + (1 << 20) - 1) >> 20) for --cpu \(plan.settings.cpu)")
            }
        }
        return warnings
    }
}
