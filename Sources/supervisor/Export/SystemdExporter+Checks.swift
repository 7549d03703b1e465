extension SystemdExporter {
    /// The check unit of a checked long-running type's instance: `APP-TYPE-check@PORT.service`
    /// runs `supervisor probe --watch` (as `start` checks: failures count once the first check
    /// succeeded) beside `APP-TYPE@PORT.service`, as the same user, with the same environment
    /// file and PORT, in the same /tmp (`JoinsNamespaceOf=`, for `exec` checks). The instance
    /// `Wants=` it; it is bound to the instance (`BindsTo=`: stopped with it, started again by
    /// the instance's next start). When the check is unhealthy the probe exits 1, and on that
    /// status only the unit's `ExecStopPost=`, with full privileges (`+`), restarts the instance through
    /// systemd (its KillSignal= and TimeoutStopSec=), or stops it when its `Restart=` is `no`.
    /// An instance that exits on its own stops its check unit, so nothing restarts twice.
    static func checkUnit(
        _ plan: ExportPlan, _ role: ProcessRole, check: HealthCheck, supervisorPath: String, root: String, environmentFile: String
    ) -> ExportedFile {
        let app = plan.app
        let instance = "\(app)-\(role.type.name)@%i.service"
        let restart = unitRestart(plan.settings.policy(for: role.type.name).restart, ownPolicy: plan.settings.policy.hasOwnRestart(role.type.name))
        let verb = restart == "no" ? "stop" : "restart"
        // Every word quoted for systemd, except the `%i` specifier that is the port.
        let command = ([supervisorPath] + ExportedCheck(check: check, port: "%i").watchArguments)
            .map { $0 == "%i" ? $0 : SystemdQuoting.word($0) }.joined(separator: " ")
        return ExportedFile(path: checkUnitName(plan, role, instance: ""), contents: lines([
            "[Unit]",
            "Description=\(app) \(role.type.name) on port %i: health check \(check.description.replacing("%", with: "%%"))",
            "BindsTo=\(instance)",
            "After=\(instance)",
            "JoinsNamespaceOf=\(instance)",
            "",
            "[Service]",
            "Type=simple",
            "User=\(plan.settings.user)",
            "WorkingDirectory=\(root)",
            "EnvironmentFile=\(environmentFile)",
            "Environment=PORT=%i",
            "ExecStart=\(command)",
            // Only the probe's own verdict (exit 1) acts: a stop by systemd ends in `success`, and
            // a probe that cannot run (203, 64, 78) must not restart the instance again and again.
            "ExecStopPost=+/bin/sh -c 'if [ \"$$SERVICE_RESULT\" = exit-code ] && [ \"$$EXIT_STATUS\" = 1 ]; then exec systemctl --no-block \(verb) \(instance); fi'",
            "Restart=no",
            "StandardOutput=journal",
            "StandardError=journal",
            "SyslogIdentifier=\(app)-\(role.type.name)-check.%i",
            "NoNewPrivileges=yes",
            "PrivateTmp=yes",
        ]))
    }

    /// The instance's `Wants=` of its check unit, for a checked long-running type.
    static func checkLines(_ plan: ExportPlan, _ role: ProcessRole) -> [String] {
        guard !role.runsOnce, plan.settings.policy(for: role.type.name).check != nil else { return [] }
        return ["Wants=\(checkUnitName(plan, role, instance: "%i"))"]
    }

    /// `APP-TYPE-check@INSTANCE.service` (`INSTANCE` empty: the template).
    static func checkUnitName(_ plan: ExportPlan, _ role: ProcessRole, instance: String) -> String {
        "\(plan.app)-\(role.type.name)-check@\(instance).service"
    }

    /// A capped type's `MemoryMax=` (the whole unit's cgroup: the kernel's OOM killer acts at it)
    /// and `OOMPolicy=stop` (the unit then stops as failed, and `Restart=` applies).
    static func memoryLines(_ policy: TypePolicy) -> [String] {
        guard let cap = policy.memoryMax else { return [] }
        return ["MemoryMax=\(MemoryQuantity.systemd(cap))", "OOMPolicy=stop"]
    }
}
