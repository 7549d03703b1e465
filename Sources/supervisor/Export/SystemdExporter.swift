/// systemd units: `APP.target` wanting every instance and timer; a template service
/// `APP-TYPE@.service` per long-running type (the instance name is its PORT, as foreman does);
/// a oneshot `APP-TYPE.service` per admin type, with `APP-TYPE.timer` when it has a schedule;
/// the release phase as a oneshot `APP-release.service` with `RemainAfterExit=yes`; and
/// `APP.env`, the environment file (mode 0600: it holds the secrets too, as systemd hosts do).
/// What a type waits for becomes `After=` with `Requires=` (`Wants=` for `exited`): see
/// `dependencyLines`.
///
/// Every unit runs its type through `supervisor run`, so systemd signals the supervisor, which
/// forwards the signal and tears the process group down within the grace period. Each unit
/// carries its type's policy: `Restart=` (see `unitRestart`), `KillSignal=` (the stop signal, which
/// `run` forwards; `FORMATION_STOP_SIGNAL` gives it for what the process leaves behind),
/// `-t GRACE`, and `TimeoutStopSec=` `ExportSettings.engineMargin` above it.
enum SystemdExporter {
    static func render(
        _ plan: ExportPlan, supervisorPath: String, procfilePath: String, root: String, host: SystemdHostEnvironment = SystemdHostEnvironment()
    ) -> [ExportedFile] {
        let app = plan.app
        let environmentFile = FileSystem.join(plan.settings.directory, "\(app).env")
        var wants: [String] = []
        var files: [ExportedFile] = []
        for role in plan.roles {
            let name = "\(app)-\(role.type.name)"
            let policy = plan.settings.policy(for: role.type.name)
            let command = [supervisorPath, "run", "-f", procfilePath, "-t", SecondsText.of(policy.gracePeriod), role.type.name]
                .map(SystemdQuoting.word).joined(separator: " ")
            var service = [
                "[Unit]",
                "Description=\(app) \(role.type.name)\(role.isRelease ? " (release phase)" : role.isAdmin ? " (admin process)" : " on port %i")",
                "PartOf=\(app).target",
                "After=network-online.target",
                "Wants=network-online.target",
            ] + dependencyLines(plan, role) + checkLines(plan, role) + [
                "",
                "[Service]",
                role.runsOnce ? "Type=oneshot" : plan.settings.isNotify(role.type.name) ? "Type=notify" : "Type=simple",
                "User=\(plan.settings.user)",
                "WorkingDirectory=\(root)",
                "EnvironmentFile=\(environmentFile)",
                "Environment=PORT=\(role.runsOnce ? String(role.port) : "%i")",
                "Environment=FORMATION_STOP_SIGNAL=\(PolicyWords.signal(policy.stopSignal))",
                "ExecStart=\(command)",
            ]
            if !role.runsOnce {
                // `systemctl reload`: `supervisor run` forwards SIGHUP to the process, whose own
                // reload it is (web re-reads its dynamic config). A changed Procfile or .env is a
                // new export, `daemon-reload` and a restart (docs/deploy.md).
                service.append("ExecReload=/bin/kill -HUP $MAINPID")
            }
            if role.isRelease {
                // Active once it exited 0, so the units that require it start after it and stay.
                service.append("RemainAfterExit=yes")
                if policy.restart == .onFailure { service += ["Restart=on-failure", "RestartSec=1"] }
            } else if !role.isAdmin {
                let restart = Self.unitRestart(policy.restart, ownPolicy: plan.settings.policy.hasOwnRestart(role.type.name))
                service.append("Restart=\(restart)")
                if restart != "no" { service.append("RestartSec=1") }
            }
            if !role.runsOnce && plan.settings.isNotify(role.type.name) {
                // The process itself sends READY=1 (sd_notify): `supervisor run` is the main
                // process, so systemd must take notifications from the whole unit.
                service.append("NotifyAccess=all")
                if let watchdog = plan.settings.watchdogSeconds { service.append("WatchdogSec=\(watchdog)") }
            }
            service += memoryLines(policy) + [
                "KillMode=mixed",
                "KillSignal=\(PolicyWords.systemdSignal(policy.stopSignal))",
                "TimeoutStopSec=\(plan.settings.engineStopTimeout(for: role.type.name))",
                "StandardOutput=journal",
                "StandardError=journal",
                "SyslogIdentifier=\(name)\(role.runsOnce ? "" : ".%i")",
                // The fields `start` gives its journal entries, on every entry the unit's
                // processes write. The instance is named as its unit is: by its port, or
                // `TYPE.run` (its PS) for a oneshot.
                "LogExtraFields=PROCESS_TYPE=\(role.type.name) PROCESS_INSTANCE=\(role.type.name).\(role.runsOnce ? "run" : "%i")",
                "NoNewPrivileges=yes",
                "PrivateTmp=yes",
            ]
            if role.runsOnce {
                files.append(ExportedFile(path: "\(name).service", contents: lines(service)))
                if role.isRelease { wants.append("\(name).service") }
                if let schedule = role.schedule {
                    files.append(ExportedFile(path: "\(name).timer", contents: lines([
                        "[Unit]",
                        "Description=\(app) \(role.type.name) on its schedule (\(schedule.cron))",
                        "PartOf=\(app).target",
                        "",
                        "[Timer]",
                        "OnCalendar=\(schedule.onCalendar)",
                        "Persistent=true",
                        "Unit=\(name).service",
                        "",
                        "[Install]",
                        "WantedBy=timers.target",
                    ])))
                    wants.append("\(name).timer")
                }
            } else {
                files.append(ExportedFile(path: "\(name)@.service", contents: lines(service)))
                if let check = policy.check {
                    files.append(checkUnit(
                        plan, role, check: check, supervisorPath: supervisorPath, root: root, environmentFile: environmentFile))
                }
                wants += (0..<role.replicas).map { "\(name)@\(role.port + $0).service" }
            }
        }
        let target = [
            "[Unit]",
            "Description=\(app) (Procfile formation, exported by supervisor)",
            "Wants=\(wants.joined(separator: " "))",
            "",
            "[Install]",
            "WantedBy=multi-user.target",
        ]
        files.insert(ExportedFile(path: "\(app).target", contents: lines(target)), at: 0)
        var environment = ["# \(app): the environment of every unit (from the .env files)."]
            + plan.environment.map { SystemdQuoting.environmentLine($0.key, $0.value) }
        if !host.carried.isEmpty {
            environment.append("# Used by the Procfile's commands, from the environment supervisor export ran in.")
            environment += host.carried.map { SystemdQuoting.environmentLine($0.key, $0.value) }
        }
        files.append(ExportedFile(path: "\(app).env", contents: lines(environment), mode: 0o600))
        return files
    }

    /// A long-running unit's `Restart=`: the type's own policy as it is; the formation's default
    /// `never` (foreman's local rule: any exit stops the whole formation) does not carry over to
    /// a unit on its own, which restarts on failure, as ECS and Kubernetes replace a failed
    /// container. `--restart TYPE=never` gives `Restart=no`.
    static func unitRestart(_ policy: RestartPolicy, ownPolicy: Bool) -> String {
        policy == .never && !ownPolicy ? "on-failure" : restart(policy)
    }

    /// systemd's `Restart=` for a restart policy.
    static func restart(_ policy: RestartPolicy) -> String {
        switch policy {
        case .never: "no"
        case .onFailure: "on-failure"
        case .always: "always"
        }
    }

    static func lines(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }
}
