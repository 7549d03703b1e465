import Foundation
import Testing

extension ExportTests {
    /// `--check`, `--check-*` and `--memory-max` in every engine's files, exactly, and accepted
    /// by the checkers the suite runs.
    @Suite("supervisor export --check and --memory-max")
    struct ExportChecksTests {
        /// The formation of the issue: web checked by HTTP every 5 s, worker by a command, worker capped.
        static let options = [
            "--app", "shop", "--check", "web=http:/health", "--check", "worker=exec:test -f /tmp/ok", "--check-interval", "web=5",
            "--memory-max", "worker=256M",
        ]

        @Test("systemd: a check unit per checked type running `supervisor probe --watch`, MemoryMax= for the capped one; systemd-analyze verify accepts them")
        func systemd() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["systemd", "units"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let directory = workspace.path + "/units"
            #expect(ExportSupport.files(in: directory) == [
                "shop-backup-job.service", "shop-web-check@.service", "shop-web@.service", "shop-worker-check@.service", "shop-worker@.service",
                "shop.env", "shop.target",
            ])
            let web = try workspace.read("units/shop-web@.service")
            #expect(web.contains("Wants=shop-web-check@%i.service\n"))
            #expect(!web.contains("MemoryMax") && web.contains("Type=simple\n"), "a check does not make the unit Type=notify")
            let webCheck = try workspace.read("units/shop-web-check@.service")
            let supervisor = SupervisorBinary.resolvedPath
            for line in [
                "BindsTo=shop-web@%i.service", "After=shop-web@%i.service", "JoinsNamespaceOf=shop-web@%i.service", "User=shop",
                "Environment=PORT=%i", "EnvironmentFile=\(directory)/shop.env", "PrivateTmp=yes",
                "ExecStart=\(supervisor) probe --watch --port %i --interval 5 --timeout 1 --failures 3 --delay 0 http:/health",
                "ExecStopPost=+/bin/sh -c 'if [ \"$$SERVICE_RESULT\" = exit-code ] && [ \"$$EXIT_STATUS\" = 1 ]; then exec systemctl --no-block restart shop-web@%i.service; fi'",
            ] {
                #expect(webCheck.contains(line + "\n"), "missing \(line) in \(webCheck)")
            }
            let worker = try workspace.read("units/shop-worker@.service")
            #expect(worker.contains("MemoryMax=256M\nOOMPolicy=stop\n"))
            let workerCheck = try workspace.read("units/shop-worker-check@.service")
            #expect(workerCheck.contains(
                "ExecStart=\(supervisor) probe --watch --port %i --interval 10 --timeout 1 --failures 3 --delay 0 \"exec:test -f /tmp/ok\"\n"))
            // The target wants the instances; each instance wants its own check unit.
            #expect(try workspace.read("units/shop.target").contains("Wants=shop-web@6000.service shop-web@6001.service shop-worker@6100.service\n"))
            try await ExportSupport.expectValidSystemd(directory, instance: 6000)
        }

        @Test("systemd: a type whose own restart policy is never has its check stop the unit, not restart it")
        func systemdNever() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["systemd", "units", "--restart", "web=never"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let check = try workspace.read("units/shop-web-check@.service")
            #expect(check.contains("exec systemctl --no-block stop shop-web@%i.service"), "\(check)")
        }

        @Test("kubernetes: startup, readiness and liveness probes from the check, limits.memory from the cap; kubernetes-validate and checkov accept them")
        func kubernetes() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let web = try workspace.read("k8s/shop-web-deployment.yaml")
            // Every kind runs as `supervisor probe` in the container, as ECS's healthCheck does.
            let webProbe = { (name: String, period: Int, failures: Int) in
                "        \(name):\n          exec:\n            command:\n            - \"/usr/local/bin/supervisor\"\n            - \"probe\"\n"
                    + "            - \"--port\"\n            - \"6000\"\n            - \"--timeout\"\n            - \"1\"\n            - \"http:/health\"\n"
                    + "          initialDelaySeconds: 0\n          periodSeconds: \(period)\n          timeoutSeconds: 1\n          failureThreshold: \(failures)\n"
            }
            #expect(web.contains(webProbe("startupProbe", 1, 60)), "\(web)")
            #expect(web.contains(webProbe("readinessProbe", 5, 3)))
            #expect(web.contains(webProbe("livenessProbe", 5, 3)))
            #expect(!web.contains("- \"http:/\"\n"), "the check replaces the default probe on /")
            #expect(!web.contains("httpGet") && !web.contains("tcpSocket"))
            #expect(web.contains("          limits:\n            cpu: \"250m\"\n            memory: \"512Mi\"\n"), "--memory stays the default")

            let worker = try workspace.read("k8s/shop-worker-deployment.yaml")
            let command = "          exec:\n            command:\n            - \"/usr/local/bin/supervisor\"\n            - \"probe\"\n"
                + "            - \"--port\"\n            - \"6100\"\n            - \"--timeout\"\n            - \"1\"\n            - \"exec:test -f /tmp/ok\"\n"
            #expect(worker.contains("        livenessProbe:\n" + command + "          initialDelaySeconds: 0\n          periodSeconds: 10\n"), "\(worker)")
            #expect(worker.contains("        readinessProbe:\n" + command))
            #expect(worker.contains("          requests:\n            cpu: \"250m\"\n            memory: \"256Mi\"\n"))
            #expect(worker.contains("          limits:\n            cpu: \"250m\"\n            memory: \"256Mi\"\n"))
            #expect(!worker.contains("CKV_K8S_8"), "a checked worker has a liveness probe: nothing to suppress")

            try await ExportSupport.expectValidKubernetes(workspace)
            let scan = try await ExportSupport.tool("checkov", "checkov --quiet --compact --skip-download --framework kubernetes -d k8s", directory: workspace.path)
            #expect(scan.status == 0 && scan.output.contains("Failed checks: 0"), "\(scan.output)")
        }

        @Test("ecs: healthCheck runs `supervisor probe` in the image, memory is the cap in MiB; botocore accepts them")
        func ecs() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["ecs", "ecs", "--image", "repo/shop:1"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(!result.errors.contains("healthCheck"), "a 1 s timeout is the probe's own: no warning for ECS's least of 2 (\(result.errors))")
            let web = try ExportSupport.ecsContainer(workspace, "ecs/shop-web.task-definition.json")
            let webCheck = try #require(web["healthCheck"] as? [String: Any])
            #expect(webCheck["command"] as? [String] == ["CMD", "/usr/local/bin/supervisor", "probe", "--port", "6000", "--timeout", "1", "http:/health"])
            #expect(webCheck["interval"] as? Int == 5 && webCheck["timeout"] as? Int == 2)
            #expect(webCheck["retries"] as? Int == 3 && webCheck["startPeriod"] as? Int == 60)
            #expect(web["memory"] == nil)

            let worker = try ExportSupport.ecsContainer(workspace, "ecs/shop-worker.task-definition.json")
            let workerCheck = try #require(worker["healthCheck"] as? [String: Any])
            #expect(workerCheck["command"] as? [String] == ["CMD", "/usr/local/bin/supervisor", "probe", "--port", "6100", "--timeout", "1", "exec:test -f /tmp/ok"])
            #expect(workerCheck["interval"] as? Int == 10)
            #expect(worker["memory"] as? Int == 256)
            try await ExportSupport.expectValidECS(workspace)
        }

        @Test("ECS's bounds are warnings naming the option; a check on an admin type is a warning; a cap ECS cannot take is refused, exit 78")
        func limits() async throws {
            let workspace = try ExportSupport.workspace()
            let clamped = try await ExportSupport.export(
                ["ecs", "ecs", "--image", "i", "--check", "web=tcp", "--check-interval", "web=1", "--check-failures", "web=20", "--check-timeout", "web=90",
                 "--check", "backup-job=exec:true", "--memory-max", "backup-job=1G"],
                in: workspace)
            #expect(clamped.status == 0, "\(clamped.errors)")
            let errors = clamped.errors
            #expect(errors.contains("warning: ecs: web's healthCheck interval would be 1, but ECS takes 5 to 300, so "), "\(errors)")
            #expect(errors.contains("gets 5; use --check-interval web=5 or more for the same check as start"), "\(errors)")
            #expect(errors.contains("web's healthCheck retries would be 20, but ECS takes 1 to 10"))
            #expect(errors.contains("web's healthCheck timeout would be 90, but ECS takes 2 to 60"))
            #expect(errors.contains("warning: ecs: backup-job's check (exec:true) is not carried: backup-job runs once (an admin type)"))
            #expect(errors.contains("warning: ecs: backup-job's --memory-max 1G is above the task's --memory 512 MiB"))
            let webFile = try #require(ExportSupport.files(in: workspace.path + "/ecs").first { $0.hasSuffix("-web.task-definition.json") })
            let check = try #require(try ExportSupport.ecsContainer(workspace, "ecs/" + webFile)["healthCheck"] as? [String: Any])
            #expect(check["interval"] as? Int == 5 && check["retries"] as? Int == 10 && check["timeout"] as? Int == 60)

            let tiny = try await ExportSupport.export(["ecs", "ecs", "--image", "i", "--memory-max", "worker=4M"], in: workspace)
            #expect(tiny.status == 78)
            #expect(tiny.errors.contains("supervisor: ecs: worker's --memory-max 4M is below the 6 MiB ECS gives a container at least; raise it to 6M or more"), "\(tiny.errors)")
            let bad = try await ExportSupport.export(["kubernetes", "k8s", "--image", "i", "--check", "web=ftp:/"], in: workspace)
            #expect(bad.status == 78 && bad.errors.split(separator: "\n").count == 1, "\(bad.errors)")
        }

        @Test("systemd: --after X=Y:ready on a type ready by its check is a warning (After= sees the fork only)")
        func readyByCheck() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["systemd", "units", "--check", "web=tcp", "--after", "worker=web:ready"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.errors.contains("systemd: worker waits for web:ready, which After= cannot hold: web is ready at its check's first success, which systemd does not see"), "\(result.errors)")
        }

        @Test("the exported environment carries no FORMATION_CHECK, FORMATION_MEMORY_MAX or FORMATION_SCHEDULE: the engine does it")
        func consumed() async throws {
            let workspace = try Workspace(
                procfile: "web: ./web\nworker: ./worker\n",
                files: [".env": "FORMATION_CHECK=web=tcp\nFORMATION_CHECK_INTERVAL=web=5\nFORMATION_MEMORY_MAX=worker=300M\nGREETING=hi\n"])
            let result = try await ExportSupport.export(["ecs", "ecs", "--image", "i", "--app", "shop"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let web = try workspace.read("ecs/shop-web.task-definition.json")
            #expect(!web.contains("FORMATION_") && web.contains("GREETING"))
            #expect(web.contains("\"tcp\""), "the check from .env is exported")
            #expect(try workspace.read("ecs/shop-worker.task-definition.json").contains("\"memory\": 300"))
        }
    }
}
