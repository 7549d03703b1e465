import Foundation
import Testing

extension ExportTests {
    /// Each type's restart policy, stop signal and grace period in every engine's own terms, read
    /// as `start` reads them: web (SIGTERM, 5 s, the defaults), worker (SIGQUIT and 30 s from .env,
    /// restart always from the command line).
    @Suite("supervisor export: each type's policy")
    struct ExportPolicyTests {
        static func workspace(_ procfile: String = "web: ./web\nworker: ./worker\n") throws -> Workspace {
            try Workspace(procfile: procfile, files: [
                ".env": "FORMATION_STOP_SIGNAL=worker=QUIT\nFORMATION_TIMEOUT=worker=30\nGREETING=hello\n",
            ])
        }

        static let options = ["--app", "shop", "--restart", "worker=always"]

        private func container(_ workspace: Workspace, _ path: String) throws -> [String: Any] {
            let data = Data(try workspace.read(path).utf8)
            let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return try #require((definition["containerDefinitions"] as? [[String: Any]])?.first)
        }

        @Test("check --json, with the same options and .env, states the policy the exports carry")
        func sameAsStart() async throws {
            let workspace = try Self.workspace()
            let check = try RunningSupervisor(["check", "--json", "--restart", "worker=always"], in: workspace)
            #expect(await check.waitForExit() == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any])
            var policies: [String: [String: String]] = [:]
            for process in (json["processes"] as? [[String: Any]]) ?? [] {
                let policy = (process["policy"] as? [String: Any]) ?? [:]
                policies[process["name"] as? String ?? ""] = [
                    "restart": "\(policy["restart"] ?? "")", "stop_signal": "\(policy["stop_signal"] ?? "")",
                    "grace": "\(policy["grace_period_seconds"] ?? "")",
                ]
            }
            #expect(policies["web"] == ["restart": "never", "stop_signal": "SIGTERM", "grace": "5"], "\(check.output)")
            #expect(policies["worker"] == ["restart": "always", "stop_signal": "SIGQUIT", "grace": "30"], "\(check.output)")
        }

        @Test("systemd: Restart=, KillSignal=, TimeoutStopSec= and -t per type; systemd-analyze verify accepts them")
        func systemd() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["systemd", "units"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(!result.errors.contains("warning"), "\(result.errors)")
            let web = try workspace.read("units/shop-web@.service")
            // The default `never` is foreman's local rule: a unit on its own restarts on failure.
            for line in ["Restart=on-failure", "RestartSec=1", "KillSignal=SIGTERM", "TimeoutStopSec=10", "Environment=FORMATION_STOP_SIGNAL=TERM"] {
                #expect(web.contains(line + "\n"), "missing \(line)")
            }
            #expect(web.contains(" run -f \(workspace.path)/Procfile -t 5 web\n"))
            let worker = try workspace.read("units/shop-worker@.service")
            for line in ["Restart=always", "RestartSec=1", "KillSignal=SIGQUIT", "TimeoutStopSec=35", "Environment=FORMATION_STOP_SIGNAL=QUIT"] {
                #expect(worker.contains(line + "\n"), "missing \(line)")
            }
            #expect(worker.contains(" run -f \(workspace.path)/Procfile -t 30 worker\n"))
            // The policy variables became unit settings; the environment file does not carry them.
            let environment = try workspace.read("units/shop.env")
            #expect(environment.contains("GREETING=") && !environment.contains("FORMATION_"))

            let units = ["shop.target", "shop-web@5000.service", "shop-worker@5100.service"].map { "'\(workspace.path)/units/\($0)'" }
            let verified = try await ExportSupport.tool("systemd-analyze", "systemd-analyze verify \(units.joined(separator: " "))")
            #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")
        }

        @Test("ecs: stopTimeout from each grace, the container command carries the policy; botocore accepts them")
        func ecs() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["ecs", "ecs", "--image", "repo/shop:1"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let web = try container(workspace, "ecs/shop-web.task-definition.json")
            #expect(web["command"] as? [String] == ["start", "-t", "5", "web"])
            #expect(web["stopTimeout"] as? Int == 10)
            let worker = try container(workspace, "ecs/shop-worker.task-definition.json")
            #expect(worker["command"] as? [String] == ["start", "--restart", "worker=always", "--stop-signal", "QUIT", "-t", "30", "worker"])
            #expect(worker["stopTimeout"] as? Int == 35)
            let names = ((worker["environment"] as? [[String: String]]) ?? []).map { $0["name"] ?? "" }
            #expect(names == ["PORT", "GREETING"])

            try await ExportSupport.expectValidECS(workspace)
        }

        @Test("ecs: a grace period above what stopTimeout allows is clamped to 120 s with a warning, and still valid")
        func ecsClamp() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["ecs", "ecs", "--image", "repo/shop:1", "--app", "shop", "-t", "worker=200,web=1"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.errors.contains("warning: ecs: worker's grace period needs a stopTimeout of 205 s, above ECS's 120 s; shop-worker gets 120 s, so ECS may kill it before the grace ends: use -t worker=115 or less\n"), "\(result.errors)")
            #expect(try container(workspace, "ecs/shop-worker.task-definition.json")["stopTimeout"] as? Int == 120)
            #expect(try container(workspace, "ecs/shop-web.task-definition.json")["stopTimeout"] as? Int == 6)
            try await ExportSupport.expectValidECS(workspace)
        }

        @Test("kubernetes: terminationGracePeriodSeconds from each grace, args carry the policy; kubernetes-validate accepts them")
        func kubernetes() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let web = try workspace.read("k8s/shop-web-deployment.yaml")
            #expect(web.contains("      terminationGracePeriodSeconds: 10\n"))
            #expect(web.contains("        args:\n        - \"start\"\n        - \"-t\"\n        - \"5\"\n        - \"web\"\n"), "\(web)")
            let worker = try workspace.read("k8s/shop-worker-deployment.yaml")
            #expect(worker.contains("      terminationGracePeriodSeconds: 35\n"))
            #expect(worker.contains("        - \"--restart\"\n        - \"worker=always\"\n        - \"--stop-signal\"\n        - \"QUIT\"\n        - \"-t\"\n        - \"30\"\n        - \"worker\"\n"), "\(worker)")
            #expect(!worker.contains("FORMATION_"))
            try await ExportSupport.expectValidKubernetes(workspace)
        }

        @Test("what an engine cannot carry is one warning line each; the export succeeds")
        func warnings() async throws {
            let workspace = try Self.workspace("web: ./web\nworker: ./worker\nbackup: ./backup\n")
            let arguments = ["--app", "shop", "-m", "web=1,worker=1,backup=0", "--restart", "web=never", "--stop-signal", "backup=QUIT,worker=ALRM"]
            let systemd = try await ExportSupport.export(["systemd", "units"] + arguments, in: workspace)
            #expect(systemd.status == 0, "\(systemd.errors)")
            #expect(systemd.errors.contains("warning: systemd: worker's stop signal SIGALRM reaches `supervisor run` in shop-worker, which forwards only"), "\(systemd.errors)")
            #expect(try workspace.read("units/shop-worker@.service").contains("KillSignal=SIGALRM\n"))
            for engine in ["ecs", "kubernetes"] {
                let result = try await ExportSupport.export([engine, engine, "--image", "repo/shop:1"] + arguments, in: workspace)
                #expect(result.status == 0, "\(result.errors)")
                #expect(result.errors.contains("warning: \(engine): backup's stop signal SIGQUIT is not carried"), "\(result.errors)")
                #expect(result.errors.contains("warning: \(engine): web's restart policy never cannot hold in"), "\(result.errors)")
                let lines = result.errors.split(separator: "\n").filter { $0.contains("warning: \(engine):") }
                #expect(lines.count == 2, "\(result.errors)")
            }
        }
    }
}

extension ExportTests.ExportPolicyTests {
    @Test("the exported worker command runs worker alone (no release, no waiting) and stops it as start does: the engine's SIGTERM becomes worker's SIGQUIT")
    func containerAppliesPolicy() async throws {
        let workspace = try ExportTests.ExportReleaseTests.workspace()
        let result = try await ExportSupport.export(["ecs", "ecs", "--image", "i"] + ExportTests.ExportReleaseTests.options, in: workspace)
        #expect(result.status == 0, "\(result.errors)")
        let data = Data(try workspace.read("ecs/shop-worker.task-definition.json").utf8)
        let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let command = try #require(((definition["containerDefinitions"] as? [[String: Any]])?.first)?["command"] as? [String])

        // The image holds the Procfile and no .env: the policy comes from the command alone.
        let image = try Workspace(procfile: """
            release: echo released >> release.log; exit 3
            web: sleep 30
            worker: trap 'echo "worker QUIT" >> signals.log; exit 0' QUIT; trap 'echo "worker TERM" >> signals.log; exit 0' TERM; echo worker up; while :; do sleep 0.05; done
            """)
        let supervisor = try RunningSupervisor([command[0], "--no-color"] + command.dropFirst(), in: image)
        #expect(await supervisor.waitFor("worker up"))
        try await Task.sleep(for: .milliseconds(300))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(try image.read("signals.log") == "worker QUIT\n")
        #expect(!FileManager.default.fileExists(atPath: image.path + "/release.log"), "the release phase runs once, as its own task")
        #expect(supervisor.output.contains("sending SIGQUIT to 1 process group (grace period 30s)"), "\(supervisor.output)")
    }
}
