extension FormationMetrics {
    /// The Prometheus text exposition format (0.0.4): a `# HELP` and a `# TYPE` line for every
    /// family, then its samples. A family with no sample (no memory cap anywhere) is left out.
    /// Per instance the labels are `instance` and `type`; admin types' families are labelled `type`.
    public var text: String {
        var out = ""
        func family(_ name: String, _ kind: String, _ help: String, _ samples: [(labels: [(String, String)], value: String)]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind)\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",")
                out += labels.isEmpty ? "\(name) \(sample.value)\n" : "\(name){\(labels)} \(sample.value)\n"
            }
        }
        func each(_ value: (InstanceStatus) -> String?) -> [(labels: [(String, String)], value: String)] {
            instances.compactMap { row in value(row).map { ([("instance", row.name), ("type", row.type)], $0) } }
        }
        func eachAdmin(_ value: (AdminStatus) -> String?) -> [(labels: [(String, String)], value: String)] {
            admin.compactMap { row in value(row).map { ([("type", row.type)], $0) } }
        }
        family("formation_instance_up", "gauge", "1 when the instance has a running process, else 0.", each { $0.pid == nil ? "0" : "1" })
        family(
            "formation_instance_ready", "gauge", "1 when the instance is ready (state ready, or running for a type without a readiness check), else 0.",
            each { ["ready", "running"].contains($0.state) ? "1" : "0" })
        family("formation_instance_restarts_total", "counter", "Restarts of the instance since the supervisor started.", each { "\($0.restarts)" })
        family(
            "formation_instance_last_exit_status", "gauge", "The last run's exit status (128+N for signal N); absent before any run ended.",
            each { $0.lastExit.map { "\($0)" } })
        family(
            "formation_instance_cpu_seconds_total", "counter", "User and system CPU time of the current run's process group; starts from 0 with each run.",
            each { $0.cpuSeconds.map(Self.number) })
        family("formation_instance_resident_memory_bytes", "gauge", "Resident memory of the current run's process group.", each { $0.rssBytes.map { "\($0)" } })
        family("formation_instance_memory_max_bytes", "gauge", "The type's memory cap (--memory-max).", each { $0.memoryMax.map { "\($0)" } })
        family(
            "formation_instance_check_ok", "gauge", "1 when the instance's health check passed last, else 0; absent without a check or a running process.",
            each { $0.check.map { $0 == "ok" ? "1" : "0" } })
        family(
            "formation_instance_check_failing", "gauge", "Consecutive failures of the instance's health check (0 when it passes or has not run yet).",
            each { $0.check.map { "\(Self.failures(inCheck: $0))" } })
        family("formation_instance_output_lines_total", "counter", "Lines read from the instance's stdout and stderr.", each { "\($0.outputLines)" })
        family("formation_instance_output_bytes_total", "counter", "Bytes of those lines, newlines not counted.", each { "\($0.outputBytes)" })
        family("formation_instance_output_lines_cut_total", "counter", "Lines longer than the line limit, cut into pieces.", each { "\($0.linesCut)" })
        if let lostOutputBytes {
            family("formation_output_lost_bytes_total", "counter", "Output bytes the supervisor could not write to its stdout.", [([], "\(lostOutputBytes)")])
        }
        if let clients {
            family("formation_control_clients", "gauge", "Clients connected to the control socket (the one asking included).", [([], "\(clients)")])
        }
        family("formation_admin_running", "gauge", "1 while a run of the admin type is going, else 0.", eachAdmin { $0.running == nil ? "0" : "1" })
        family(
            "formation_admin_last_run_exit_status", "gauge", "The admin type's last run's exit status; absent before any run ended and when a signal ended it.",
            eachAdmin { $0.lastRun?.exitStatus.map { "\($0)" } })
        family(
            "formation_admin_last_run_start_timestamp_seconds", "gauge", "When the admin type's last ended run started (Unix time).",
            eachAdmin { $0.lastRun.flatMap { Self.unixTime($0.started) }.map { "\($0)" } })
        family("formation_admin_last_run_duration_seconds", "gauge", "How long the admin type's last ended run took.", eachAdmin { $0.lastRun.map { Self.number($0.seconds) } })
        family(
            "formation_admin_next_run_timestamp_seconds", "gauge", "The admin type's next scheduled run (Unix time); absent without a schedule.",
            eachAdmin { $0.nextRun.flatMap(Self.unixTime).map { "\($0)" } })
        return out
    }

    /// A label value as the format wants it: backslash, double quote and newline escaped.
    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// HELP text: backslash and newline escaped.
    static func escapeHelp(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    /// A float as Prometheus parses it (Swift's shortest form: `0.25`, `1e-05`).
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }

    /// The count in a check's summary: `failing 2/3` is 2, `failing` (before ready) 1, others 0.
    static func failures(inCheck summary: String) -> Int {
        guard summary.hasPrefix("failing") else { return 0 }
        let counted = summary.dropFirst("failing".count).drop { $0 == " " }.prefix { $0 != "/" }
        return Int(counted) ?? 1
    }
}
