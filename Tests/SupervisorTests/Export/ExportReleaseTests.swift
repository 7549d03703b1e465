import Foundation
import Testing

extension ExportTests {
    /// The release phase and what each type waits for, in every engine's own terms: release,
    /// web (ready by notify) and worker (after web:ready, SIGQUIT and 30 s, restart always).
    @Suite("supervisor export: the release phase and dependencies")
    struct ExportReleaseTests {
        static func workspace() throws -> Workspace {
            try ExportPolicyTests.workspace("release: ./migrate\nweb: ./web\nworker: ./worker\n")
        }

        static let options = ExportPolicyTests.options + ["--ready", "web=notify", "--after", "worker=web:ready"]

        @Test("systemd: release is a oneshot with RemainAfterExit=yes that the others require; worker requires web's instances; systemd-analyze verify accepts them")
        func systemd() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["systemd", "units"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(!result.errors.contains("warning"), "\(result.errors)")
            let release = try workspace.read("units/shop-release.service")
            for line in ["Type=oneshot", "RemainAfterExit=yes", "KillSignal=SIGTERM", "TimeoutStopSec=10"] {
                #expect(release.contains(line + "\n"), "missing \(line)")
            }
            #expect(release.contains(" run -f \(workspace.path)/Procfile -t 5 release\n") && !release.contains("Restart="))
            let web = try workspace.read("units/shop-web@.service")
            #expect(web.contains("After=shop-release.service\nRequires=shop-release.service\n"), "\(web)")
            #expect(web.contains("Type=notify\n"))
            let worker = try workspace.read("units/shop-worker@.service")
            #expect(worker.contains("After=shop-release.service shop-web@5100.service\nRequires=shop-release.service shop-web@5100.service\n"), "\(worker)")
            for line in ["Restart=always", "KillSignal=SIGQUIT", "TimeoutStopSec=35"] { #expect(worker.contains(line + "\n"), "missing \(line)") }
            #expect(try workspace.read("units/shop.target").contains("Wants=shop-release.service shop-web@5100.service shop-worker@5200.service\n"))

            let units = ["shop.target", "shop-release.service", "shop-web@5100.service", "shop-worker@5200.service"].map { "'\(workspace.path)/units/\($0)'" }
            let verified = try await ExportSupport.tool("systemd-analyze", "systemd-analyze verify \(units.joined(separator: " "))")
            #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")
        }

        @Test("--no-release and release=0 make release an admin unit nothing waits for", arguments: [["--no-release"], ["-m", "release=0,web=1,worker=1"]])
        func noRelease(arguments: [String]) async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["systemd", "units"] + Self.options + arguments, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let release = try workspace.read("units/shop-release.service")
            #expect(release.contains("(admin process)") && !release.contains("RemainAfterExit"))
            #expect(!(try workspace.read("units/shop-web@.service")).contains("shop-release"))
            #expect(try workspace.read("units/shop-worker@.service").contains("After=shop-web@5100.service\nRequires=shop-web@5100.service\n"))
            #expect(!(try workspace.read("units/shop.target")).contains("shop-release"))
        }

        @Test("systemd: what After= cannot hold is a warning: ready by port, succeeded of a type that keeps running; exited takes Wants=")
        func systemdWarnings() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(
                ["systemd", "units", "--app", "shop", "--ready", "web=port", "--after", "worker=web:ready+release:exited"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(result.errors.contains("warning: systemd: worker waits for web:ready, which After= cannot hold: web is ready by its port, which systemd does not see; use --ready web=notify, which systemd waits for\n"), "\(result.errors)")
            let worker = try workspace.read("units/shop-worker@.service")
            #expect(worker.contains("After=shop-web@5100.service shop-release.service\nRequires=shop-web@5100.service\nWants=shop-release.service\n"), "\(worker)")
            let other = try await ExportSupport.export(["systemd", "units", "--app", "shop", "--after", "worker=web:succeeded"], in: workspace)
            #expect(other.errors.contains("warning: systemd: worker waits for web:succeeded, which After= cannot hold: web's units keep running"), "\(other.errors)")
            let always = try await ExportSupport.export(["systemd", "units", "--app", "shop", "--restart", "release=always"], in: workspace)
            #expect(always.errors.contains("warning: systemd: release's restart policy always is not carried: the release phase runs once (a oneshot unit cannot restart always; use --restart release=on-failure)\n"), "\(always.errors)")
            let onFailure = try await ExportSupport.export(["systemd", "units", "--app", "shop", "--restart", "release=on-failure"], in: workspace)
            #expect(!onFailure.errors.contains("warning"), "\(onFailure.errors)")
            #expect(try workspace.read("units/shop-release.service").contains("Restart=on-failure\n"))
            let verified = try await ExportSupport.tool("systemd-analyze", "systemd-analyze verify '\(workspace.path)/units/shop-release.service'")
            #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")
        }

        @Test("ecs: release is its own task definition run by `run`; the order the services cannot hold is a warning; botocore accepts them")
        func ecs() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["ecs", "ecs", "--image", "repo/shop:1"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(ExportSupport.files(in: workspace.path + "/ecs") == [
                "shop-release.task-definition.json", "shop-web.task-definition.json", "shop-worker.task-definition.json",
            ])
            let data = Data(try workspace.read("ecs/shop-release.task-definition.json").utf8)
            let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let release = try #require((definition["containerDefinitions"] as? [[String: Any]])?.first)
            #expect(release["command"] as? [String] == ["run", "-t", "5", "release"])
            #expect(release["healthCheck"] == nil && release["portMappings"] == nil && release["stopTimeout"] as? Int == 10)
            var containers: [String: [String: Any]] = [:]
            for type in ["web", "worker"] {
                let data = Data(try workspace.read("ecs/shop-\(type).task-definition.json").utf8)
                let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                containers[type] = (definition["containerDefinitions"] as? [[String: Any]])?.first
            }
            #expect(containers["web"]?["command"] as? [String] == ["start", "-t", "5", "--ready", "web=notify", "web"])
            #expect(containers["web"]?["stopTimeout"] as? Int == 10)
            #expect(containers["worker"]?["command"] as? [String] == ["start", "--restart", "worker=always", "--stop-signal", "QUIT", "-t", "30", "worker"])
            #expect(containers["worker"]?["stopTimeout"] as? Int == 35)
            #expect(result.errors.contains("warning: ecs: worker waits for web:ready, which ECS services cannot express; dependsOn orders the containers of one task only: update web's service first"), "\(result.errors)")
            #expect(result.errors.contains("warning: ecs: the ECS services do not wait for the release phase; run shop-release with aws ecs run-task, wait for it to stop with exit code 0, then update the services (docs/deploy.md)\n"), "\(result.errors)")
            try await ExportSupport.expectValidECS(workspace)
        }

        @Test("kubernetes: release is a Job never retried; the order the Deployments cannot hold is a warning; kubernetes-validate and checkov accept them")
        func kubernetes() async throws {
            let workspace = try Self.workspace()
            let result = try await ExportSupport.export(["kubernetes", "k8s", "--image", "repo/shop:1"] + Self.options, in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(ExportSupport.files(in: workspace.path + "/k8s") == [
                "shop-namespace.yaml", "shop-networkpolicy.yaml", "shop-release-job.yaml", "shop-web-deployment.yaml",
                "shop-web-service.yaml", "shop-worker-deployment.yaml",
            ])
            let job = try workspace.read("k8s/shop-release-job.yaml")
            for line in ["kind: \"Job\"", "  backoffLimit: 0", "      restartPolicy: \"Never\"", "      terminationGracePeriodSeconds: 10",
                         "        - \"run\"\n        - \"-t\"\n        - \"5\"\n        - \"release\""] {
                #expect(job.contains(line + "\n"), "missing \(line)")
            }
            let web = try workspace.read("k8s/shop-web-deployment.yaml")
            #expect(web.contains("      terminationGracePeriodSeconds: 10\n") && web.contains("        - \"start\"\n        - \"-t\"\n        - \"5\"\n"), "\(web)")
            let worker = try workspace.read("k8s/shop-worker-deployment.yaml")
            #expect(worker.contains("      terminationGracePeriodSeconds: 35\n"))
            #expect(worker.contains("        - \"--restart\"\n        - \"worker=always\"\n        - \"--stop-signal\"\n        - \"QUIT\"\n        - \"-t\"\n        - \"30\"\n        - \"worker\"\n"), "\(worker)")
            #expect(result.errors.contains("warning: kubernetes: worker waits for web:ready, which Deployments cannot express; give worker an init container that waits for web, or apply web first and wait with kubectl rollout status (docs/deploy.md)\n"), "\(result.errors)")
            #expect(result.errors.contains("warning: kubernetes: the Deployments do not wait for the release phase; apply shop-release-job.yaml first and kubectl wait --for=condition=complete job/shop-release, then the rest (docs/deploy.md)\n"), "\(result.errors)")
            try await ExportSupport.expectValidKubernetes(workspace)
            let scan = try await ExportSupport.tool("checkov", "checkov --quiet --compact --skip-download --framework kubernetes -d k8s", directory: workspace.path)
            #expect(scan.status == 0 && scan.output.contains("Failed checks: 0"), "\(scan.output)")
        }
    }
}

extension ExportTests.ExportReleaseTests {
    @Test("what start refuses, export refuses: an unknown type, a cycle (as check), a type without instances; exit 78, no file")
    func refused() async throws {
        let workspace = try Self.workspace()
        try workspace.write(".env", "FORMATION_AFTER=web=worker:started\n")
        let result = try await ExportSupport.export(
            ["systemd", "units", "--app", "shop", "--after", "web=nope:started"],
            in: workspace)
        #expect(result.status == 78, "\(result.errors)")
        #expect(result.errors.contains("the Procfile has no type \"nope\""), "\(result.errors)")
        #expect(ExportSupport.files(in: workspace.path + "/units").isEmpty)
        let cycle = try await ExportSupport.export(["systemd", "units", "--app", "shop", "--after", "worker=web:ready"], in: workspace)
        #expect(cycle.status == 78 && cycle.errors.contains("a cycle never starts"), "\(cycle.errors)")
        let check = try RunningSupervisor(["check", "--after", "worker=web:ready"], in: workspace)
        #expect(await check.waitForExit() == 78 && check.errorOutput.contains("a cycle never starts"), "\(check.errorOutput)")
        let disabled = try await ExportSupport.export(["systemd", "units", "--app", "shop", "-m", "web=1,worker=0", "--after", "web=worker:started"], in: workspace)
        #expect(disabled.status == 78 && disabled.errors.contains("worker has no instance in this run"), "\(disabled.errors)")
    }
}
