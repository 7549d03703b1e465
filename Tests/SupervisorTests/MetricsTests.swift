import PeerSupport
import Foundation
import Testing

/// `supervisor metrics` and the dashboard's `/metrics` against a real formation, read by a real
/// Prometheus parser (prometheus_client's, pinned in requirements-peers.txt).
@Suite("supervisor metrics and the dashboard's /metrics", .serialized, .ownThread)
struct MetricsTests {
    static let procfile = """
        web: echo "web $PORT up"; printf '%300s\\n' '' | tr ' ' x; while true; do sleep 0.1; done
        worker: while true; do sleep 0.1; done
        job: exec sh job.sh

        """

    /// The parsed exposition: each family's type, and every sample (name, labels, value).
    struct Parsed {
        var types: [String: String]
        var samples: [(name: String, labels: [String: String], value: Double)]

        /// The value of `name` for an instance (or an admin type), nil when absent.
        func value(_ name: String, _ label: String, _ value: String) -> Double? {
            samples.first { $0.name == name && $0.labels[label] == value }?.value
        }

        func values(_ name: String) -> [String: Double] {
            Dictionary(samples.filter { $0.name == name }.map { ($0.labels["instance"] ?? $0.labels["type"] ?? "", $0.value) }) { $1 }
        }
    }

    /// prometheus_client.parser on `text`, from the pinned peers' Python; a parse error fails there.
    static func parse(_ text: String, in workspace: Workspace) async throws -> Parsed {
        try workspace.write("metrics.txt", text)
        try workspace.write("parse.py", """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            types, samples = {}, []
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                types[family.name] = family.type
                for sample in family.samples:
                    samples.append([sample.name, sample.labels, sample.value])
            print(json.dumps({"types": types, "samples": samples}))

            """)
        let python = try Peers.python()
        let run = try await Shell.runWithStatus("'\(python)' parse.py metrics.txt 2>&1", directory: workspace.path)
        #expect(run.status == 0, "\(run.output)")
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any] ?? [:]
        let samples = (object["samples"] as? [[Any]] ?? []).compactMap { sample -> (String, [String: String], Double)? in
            guard sample.count == 3, let name = sample[0] as? String, let labels = sample[1] as? [String: String],
                  let value = (sample[2] as? NSNumber)?.doubleValue else { return nil }
            return (name, labels, value)
        }
        return Parsed(types: object["types"] as? [String: String] ?? [:], samples: samples)
    }

    @Test("metrics parse with prometheus_client and agree with status --json: instances, up, ready, restarts, last exit, memory, output counts, admin runs")
    func metricsAgreeWithStatus() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: ["job.sh": ScheduleTests.script])
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "-m", "web=2,worker=1,job=0", "--schedule", "job=daily", "--max-line-bytes", "100",
             "--memory-max", "worker=512M", "--check", "worker=exec:true"], in: workspace)
        defer { supervisor.signal(SIGKILL) }
        #expect(await supervisor.waitFor("spawned worker.1"))
        #expect(await supervisor.waitFor("web 5001 up"))
        #expect(try await ControlTests.control(["restart", "worker.1"], in: workspace).status == 0)
        // The run's exit status is what the command exits with; the metrics carry it below.
        _ = try await ControlTests.control(["trigger", "job", "3"], in: workspace)
        try await Task.sleep(for: .milliseconds(300))

        let rows = try await ControlTests.rows(in: workspace)
        let metrics = try await ControlTests.control(["metrics"], in: workspace)
        #expect(metrics.status == 0, "\(metrics.error)")
        let parsed = try await Self.parse(metrics.output, in: workspace)

        #expect(parsed.types["formation_instance_up"] == "gauge")
        #expect(parsed.types["formation_instance_restarts"] == "counter")
        #expect(parsed.types["formation_instance_output_lines"] == "counter")
        #expect(Set(parsed.values("formation_instance_up").keys) == Set(rows.keys))
        for (name, row) in rows {
            #expect(parsed.value("formation_instance_up", "instance", name) == (row["pid"] is Int ? 1 : 0), "\(name)")
            #expect(parsed.value("formation_instance_restarts_total", "instance", name) == Double(row["restarts"] as? Int ?? -1), "\(name)")
            let ready = ["ready", "running"].contains(row["state"] as? String ?? "")
            #expect(parsed.value("formation_instance_ready", "instance", name) == (ready ? 1 : 0), "\(name)")
            #expect(parsed.samples.first { $0.labels["instance"] == name }?.labels["type"] == row["type"] as? String)
            // Sampled separately: the same order of size, and counters never go back.
            let rss = Double(row["rss_bytes"] as? Int ?? 0)
            let sampled = parsed.value("formation_instance_resident_memory_bytes", "instance", name) ?? 0
            #expect(rss > 0 && sampled > rss / 4 && sampled < rss * 4, "\(name): \(rss) then \(sampled)")
            #expect(parsed.value("formation_instance_output_lines_total", "instance", name) ?? -1 >= Double(row["output_lines"] as? Int ?? 0))
            #expect(parsed.value("formation_instance_cpu_seconds_total", "instance", name) ?? -1 >= 0)
        }
        #expect(parsed.value("formation_instance_last_exit_status", "instance", "worker.1") != nil)
        #expect(parsed.value("formation_instance_last_exit_status", "instance", "web.1") == nil)
        #expect(parsed.value("formation_instance_memory_max_bytes", "instance", "worker.1") == Double(536_870_912))
        #expect(parsed.value("formation_instance_memory_max_bytes", "instance", "web.1") == nil)
        // A check that passes: present for worker (ok, or pending before its first run), absent for web.
        #expect(parsed.value("formation_instance_check_failing", "instance", "worker.1") == 0)
        #expect(parsed.value("formation_instance_check_ok", "instance", "worker.1") != nil)
        #expect(parsed.value("formation_instance_check_ok", "instance", "web.1") == nil)
        // web's output: its `up` line and a 300-byte line cut at 100 bytes (pieces count as lines).
        #expect(parsed.value("formation_instance_output_lines_cut_total", "instance", "web.1") == 1)
        #expect(parsed.value("formation_instance_output_lines_cut_total", "instance", "worker.1") == 0)
        #expect((parsed.value("formation_instance_output_lines_total", "instance", "web.1") ?? 0) >= 4)
        #expect((parsed.value("formation_instance_output_bytes_total", "instance", "web.1") ?? 0) >= 300 + Double("web 5000 up".utf8.count))
        #expect((parsed.samples.first { $0.name == "formation_control_clients" }?.value ?? 0) >= 1)
        #expect(parsed.samples.first { $0.name == "formation_output_lost_bytes_total" }?.value == 0)
        #expect(parsed.value("formation_admin_last_run_exit_status", "type", "job") == 3)
        #expect(parsed.value("formation_admin_running", "type", "job") == 0)
        #expect((parsed.value("formation_admin_next_run_timestamp_seconds", "type", "job") ?? 0) > Date().timeIntervalSince1970)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("the dashboard's /metrics needs the token (query or bearer header) and serves the same families as text 0.0.4")
    func dashboardMetrics() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: ["job.sh": ScheduleTests.script])
        let supervisor = try RunningSupervisor(["start", "--no-color", "--no-timestamps", "-m", "web=1,worker=1,job=0"], in: workspace)
        defer { supervisor.signal(SIGKILL) }
        #expect(await supervisor.waitFor("spawned worker.1"))
        let dashboard = try await RunningDashboard.start(in: workspace)
        defer { dashboard.process.signal(SIGKILL) }

        let refused = try await HTTPExchange.send("GET", dashboard.address("/metrics", token: false))
        #expect(refused.status == 403)
        let wrong = try await HTTPExchange.send("GET", dashboard.address("/metrics", token: false), headers: ["Authorization": "Bearer nope"])
        #expect(wrong.status == 403)

        let byQuery = try await HTTPExchange.send("GET", dashboard.address("/metrics"))
        #expect(byQuery.status == 200, "\(byQuery.text)")
        #expect(byQuery.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let parsed = try await Self.parse(byQuery.text, in: workspace)
        #expect(Set(parsed.values("formation_instance_up").keys) == ["web.1", "worker.1"])
        #expect(parsed.values("formation_instance_up").values.allSatisfy { $0 == 1 })

        let byBearer = try await HTTPExchange.send("GET", dashboard.address("/metrics", token: false), headers: ["Authorization": "Bearer \(dashboard.token)"])
        #expect(byBearer.status == 200)
        #expect(byBearer.text.contains("# TYPE formation_instance_restarts_total counter"))

        dashboard.process.signal(SIGTERM)
        #expect(await dashboard.process.waitForExit(seconds: 10) == 0)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}
