/// What an engine cannot express of the formation's policy, one line each for `export`'s stderr
/// (the export still succeeds); docs/deploy.md says why and what to do instead. Pure.
enum ExportWarnings {
    static func of(_ plan: ExportPlan, format: ExportFormat) -> [String] {
        let engine: [String] = switch format {
        case .systemd: systemd(plan)
        case .ecs: ecs(plan)
        case .kubernetes: kubernetes(plan)
        }
        return engine + release(plan, engine: format) + checks(plan, format: format)
    }

    /// The signals `supervisor run` forwards to its process (anything else ends `run` itself).
    static var forwardedSignals: [Int32] {
        SignalRole.oneOff.filter { $0.value == .forward }.keys.sorted()
    }

    static func systemd(_ plan: ExportPlan) -> [String] {
        var warnings: [String] = []
        for role in plan.roles {
            let name = role.type.name
            let signal = plan.settings.policy(for: name).stopSignal
            if !forwardedSignals.contains(signal) {
                let names = forwardedSignals.map { PolicyWords.signal($0) }.joined(separator: ", ")
                warnings.append("systemd: \(name)'s stop signal \(SignalName.of(signal)) reaches `supervisor run` in \(plan.app)-\(name), which forwards only \(names); use one of them, e.g. --stop-signal \(name)=QUIT")
            }
            for dependency in waits(plan, role) where !SystemdExporter.expresses(dependency, plan) {
                let checked = plan.settings.policy(for: dependency.type).check != nil
                let fix = dependency.condition == .ready
                    ? "\(dependency.type) is ready \(checked ? "at its check's first success" : "by its port"), which systemd does not see\(checked ? " (its check unit watches liveness only)" : ""); use --ready \(dependency.type)=notify, which systemd waits for"
                    : "\(dependency.type)'s units keep running, so After= holds only until they started; make \(dependency.type) a one-shot (the release type) or wait for \(dependency.type):started"
                warnings.append("systemd: \(name) waits for \(dependency), which After= cannot hold: \(fix)")
            }
        }
        return warnings
    }

    /// What a long-running or release role waits for (admin types run by hand and wait for nothing).
    static func waits(_ plan: ExportPlan, _ role: ProcessRole) -> [Dependency] {
        role.isAdmin ? [] : plan.dependencies.edges[role.type.name] ?? []
    }

    /// The order a container engine cannot hold between its services (ECS) or Deployments: one
    /// line per waiting type, and one for the release phase, which they do not wait for either.
    private static func order(
        _ plan: ExportPlan, engine: String, what: String,
        instead: (_ type: String, _ dependee: String) -> String, release: (_ name: String) -> String
    ) -> [String] {
        var warnings: [String] = []
        let releaseRule = Dependency(type: FormationPolicy.releaseType, condition: .succeeded)
        for role in plan.longRunning {
            let waits = waits(plan, role).filter { $0 != releaseRule }
            guard !waits.isEmpty else { continue }
            let list = waits.map(\.description).joined(separator: "+")
            warnings.append("\(engine): \(role.type.name) waits for \(list), which \(what) cannot express; \(instead(role.type.name, waits[0].type)) (docs/deploy.md)")
        }
        if let role = plan.release, !plan.longRunning.isEmpty {
            warnings.append("\(engine): the \(what) do not wait for the release phase; \(release("\(plan.app)-\(role.label)")) (docs/deploy.md)")
        }
        return warnings
    }

    /// The release phase runs once in every engine: a restart policy of its own other than
    /// `never` is carried only by systemd's `Restart=on-failure` (a oneshot cannot restart always).
    static func release(_ plan: ExportPlan, engine: ExportFormat) -> [String] {
        guard let role = plan.release else { return [] }
        let restart = plan.settings.policy(for: role.type.name).restart
        guard restart != .never, engine != .systemd || restart == .always else { return [] }
        let why = engine == .systemd
            ? "a oneshot unit cannot restart always; use --restart release=on-failure"
            : "a failed release stops the deploy; run it again by hand"
        return ["\(engine.rawValue): release's restart policy \(restart.rawValue) is not carried: the release phase runs once (\(why))"]
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
        return warnings + containers(plan, engine: "ecs", replacer: "an ECS service") + order(
            plan, engine: "ecs", what: "ECS services",
            instead: { "dependsOn orders the containers of one task only: update \($1)'s service first and wait with aws ecs wait services-stable, or make \($0) check for \($1) itself" },
            release: { "run \($0) with aws ecs run-task, wait for it to stop with exit code 0, then update the services" })
    }

    static func kubernetes(_ plan: ExportPlan) -> [String] {
        containers(plan, engine: "kubernetes", replacer: "a Deployment") + order(
            plan, engine: "kubernetes", what: "Deployments",
            instead: { "give \($0) an init container that waits for \($1), or apply \($1) first and wait with kubectl rollout status" },
            release: { "apply \($0)-job.yaml first and kubectl wait --for=condition=complete job/\($0), then the rest" })
    }

    /// What a container engine cannot carry: the stop signal of an admin type (the engine sends
    /// SIGTERM and `supervisor run` forwards it as it is) and a long-running type's own `never`
    /// (the engine replaces the container whatever its exit).
    private static func containers(_ plan: ExportPlan, engine: String, replacer: String) -> [String] {
        var warnings: [String] = []
        for role in plan.roles {
            let name = role.type.name
            let policy = plan.settings.policy(for: name)
            if role.runsOnce && policy.stopSignal != TypePolicy().stopSignal {
                warnings.append("\(engine): \(name)'s stop signal \(SignalName.of(policy.stopSignal)) is not carried: the engine stops its container with SIGTERM and `supervisor run` forwards it as it is; let \(name) stop on SIGTERM too, or make it long-running (-m \(name)=1)")
            }
            if !role.runsOnce && plan.settings.policy.hasOwnRestart(name) && policy.restart == .never {
                warnings.append("\(engine): \(name)'s restart policy never cannot hold in \(replacer), which replaces a container whatever its exit; make it an admin type (-m \(name)=0) to run it once")
            }
        }
        return warnings
    }
}
