/// systemd units: `APP.target` wanting every instance and timer; a template service
/// `APP-TYPE@.service` per long-running type (the instance name is its PORT, as foreman does);
/// a oneshot `APP-TYPE.service` per admin type, with `APP-TYPE.timer` when it has a schedule;
/// and `APP.env`, the environment file (mode 0600: it holds the secrets too, as systemd hosts do).
///
/// Every unit runs its type through `supervisor run`, so systemd signals the supervisor, which
/// tears the process group down within the grace period; `TimeoutStopSec` is 5 s above it.
enum SystemdExporter {
    static func render(_ plan: ExportPlan, supervisorPath: String, procfilePath: String, root: String) -> [ExportedFile] {
        let app = plan.app
        let environmentFile = FileSystem.join(plan.settings.directory, "\(app).env")
        var wants: [String] = []
        var files: [ExportedFile] = []
        for role in plan.roles {
            let name = "\(app)-\(role.type.name)"
            let command = [supervisorPath, "run", "-f", procfilePath, "-t", String(plan.settings.gracePeriod), role.type.name]
                .map(SystemdQuoting.word).joined(separator: " ")
            var service = [
                "[Unit]",
                "Description=\(app) \(role.type.name)\(role.isAdmin ? " (admin process)" : " on port %i")",
                "PartOf=\(app).target",
                "After=network-online.target",
                "Wants=network-online.target",
                "",
                "[Service]",
                role.isAdmin ? "Type=oneshot" : plan.settings.isNotify(role.type.name) ? "Type=notify" : "Type=simple",
                "User=\(plan.settings.user)",
                "WorkingDirectory=\(root)",
                "EnvironmentFile=\(environmentFile)",
                "Environment=PORT=\(role.isAdmin ? String(role.port) : "%i")",
                "ExecStart=\(command)",
            ]
            if !role.isAdmin { service += ["Restart=on-failure", "RestartSec=1"] }
            if !role.isAdmin && plan.settings.isNotify(role.type.name) {
                // The process itself sends READY=1 (sd_notify): `supervisor run` is the main
                // process, so systemd must take notifications from the whole unit.
                service.append("NotifyAccess=all")
                if let watchdog = plan.settings.watchdogSeconds { service.append("WatchdogSec=\(watchdog)") }
            }
            service += [
                "KillMode=mixed",
                "TimeoutStopSec=\(plan.settings.engineStopTimeout)",
                "StandardOutput=journal",
                "StandardError=journal",
                "SyslogIdentifier=\(name)\(role.isAdmin ? "" : ".%i")",
                "NoNewPrivileges=yes",
                "PrivateTmp=yes",
            ]
            if role.isAdmin {
                files.append(ExportedFile(path: "\(name).service", contents: lines(service)))
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
        let environment = ["# \(app): the environment of every unit (from the .env files)."]
            + plan.environment.map { SystemdQuoting.environmentLine($0.key, $0.value) }
        files.append(ExportedFile(path: "\(app).env", contents: lines(environment), mode: 0o600))
        return files
    }

    private static func lines(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }
}
