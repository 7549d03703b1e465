import ControlProtocol
import Testing

/// The Prometheus text as values in, text out: the exact lines of a small formation, label
/// escaping, and what is left out when there is no value.
@Suite struct FormationMetricsTests {
    static let web = InstanceStatus(
        name: "web.1", type: "web", pid: 4242, port: 5000, state: "ready", restarts: 2, uptimeSeconds: 3, lastExit: 137,
        cpuPercent: 1, rssBytes: 1_048_576, memoryMax: 536_870_912, check: "failing 2/3", cpuSeconds: 0.25, outputLines: 7,
        outputBytes: 140, linesCut: 1)
    static let stopped = InstanceStatus(
        name: "worker.1", type: "worker", pid: nil, port: 5100, state: "stopped", restarts: 0, uptimeSeconds: nil, lastExit: nil,
        cpuPercent: nil, rssBytes: nil)
    static let job = AdminStatus(
        type: "backup-job", instance: "backup-job.1", schedule: "0 0 * * *", nextRun: "2026-12-08T00:00:00Z",
        lastRun: .init(started: "2026-12-07T00:00:03Z", exitStatus: 0, signal: nil, seconds: 1.5), running: nil, runningSince: nil)

    @Test func rendersEveryFamilyWithHelpAndType() {
        let text = FormationMetrics(instances: [Self.web, Self.stopped], admin: [Self.job], clients: 1, lostOutputBytes: 0).text
        let lines = text.split(separator: "\n").map(String.init)
        for expected in [
            "# TYPE formation_instance_up gauge",
            #"formation_instance_up{instance="web.1",type="web"} 1"#,
            #"formation_instance_up{instance="worker.1",type="worker"} 0"#,
            #"formation_instance_ready{instance="web.1",type="web"} 1"#,
            #"formation_instance_ready{instance="worker.1",type="worker"} 0"#,
            "# TYPE formation_instance_restarts_total counter",
            #"formation_instance_restarts_total{instance="web.1",type="web"} 2"#,
            #"formation_instance_last_exit_status{instance="web.1",type="web"} 137"#,
            #"formation_instance_cpu_seconds_total{instance="web.1",type="web"} 0.25"#,
            #"formation_instance_resident_memory_bytes{instance="web.1",type="web"} 1048576"#,
            #"formation_instance_memory_max_bytes{instance="web.1",type="web"} 536870912"#,
            #"formation_instance_check_ok{instance="web.1",type="web"} 0"#,
            #"formation_instance_check_failing{instance="web.1",type="web"} 2"#,
            #"formation_instance_output_lines_total{instance="web.1",type="web"} 7"#,
            #"formation_instance_output_bytes_total{instance="web.1",type="web"} 140"#,
            #"formation_instance_output_lines_cut_total{instance="web.1",type="web"} 1"#,
            "formation_output_lost_bytes_total 0",
            "formation_control_clients 1",
            #"formation_admin_running{type="backup-job"} 0"#,
            #"formation_admin_last_run_exit_status{type="backup-job"} 0"#,
            #"formation_admin_last_run_start_timestamp_seconds{type="backup-job"} 1796601603"#,
            #"formation_admin_last_run_duration_seconds{type="backup-job"} 1.5"#,
            #"formation_admin_next_run_timestamp_seconds{type="backup-job"} 1796688000"#,
        ] {
            #expect(lines.contains(expected), "\(expected)")
        }
        // Absent, not a made-up value, where there is none.
        #expect(!text.contains(#"formation_instance_last_exit_status{instance="worker.1""#))
        #expect(!text.contains(#"formation_instance_check_ok{instance="worker.1""#))
        // Every family: HELP, then TYPE, then its samples.
        let families = lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(families.count == 19)
        #expect(lines.filter { $0.hasPrefix("# HELP ") }.count == families.count)
        #expect(text.hasSuffix("\n"))
    }

    @Test func escapesLabelValues() {
        var odd = Self.stopped
        odd.name = "a\"b\\c\nd"
        let text = FormationMetrics(instances: [odd]).text
        #expect(text.contains(#"formation_instance_up{instance="a\"b\\c\nd",type="worker"} 0"#))
        #expect(!text.contains("formation_control_clients"))
    }

    @Test func readsTheStatusReply() throws {
        let body = try JSONValue.parse(
            #"{"ok":true,"instances":[\#(Self.web.json.serialized)],"admin":[\#(Self.job.json.serialized)],"clients":2,"lost_output_bytes":5}"#)
        #expect(try FormationMetrics(status: body) == FormationMetrics(instances: [Self.web], admin: [Self.job], clients: 2, lostOutputBytes: 5))
    }
}
