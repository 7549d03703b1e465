import AppTestSupport
import Foundation
import Testing

extension ExportTests {
    /// deploy/cloudformation.yml created in moto, and the files `supervisor export ecs` writes
    /// registered beside it (scripts/deploy-simulated.py). This proves the template and the
    /// exported task definitions name the same roles, log group, families, containers, ports,
    /// commands and environment; moto runs no task, so it does not prove that Fargate runs them.
    @Suite("ECS stack in a simulator (moto)")
    struct ECSStackInSimulatorTests {
        /// What moto 5.2.1's CloudFormation does not implement, in template order (EnvironmentName=prod).
        static let skipped = [
            "ConfigApplication", "ConfigProfile", "ConfigVersion", "ProductionConfigEnvironment", "StagingConfigEnvironment",
            "ProductionConfigDeployment", "StagingConfigDeployment", "BuildProject", "Pipeline",
        ]

        /// The repository's Procfile and .env, and deploy/ecs.env as `ecs.env`, in a workspace.
        private func project() throws -> Workspace {
            let root = ExportSupport.repositoryRoot
            let read = { (path: String) in try String(contentsOfFile: root + "/" + path, encoding: .utf8) }
            return try Workspace(procfile: try read("Procfile"), files: [".env": try read(".env"), "ecs.env": try read("deploy/ecs.env")])
        }

        /// `supervisor export ecs ecs` as docs/deploy.md gives it, with `envFiles`.
        private func export(_ workspace: Workspace, envFiles: String) async throws {
            let result = try await ExportSupport.export([
                "ecs", "ecs", "--app", "formation-prod", "--image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/formation:1",
                "--account-id", "123456789012", "--region", "us-east-1", "-t", "10", "-e", envFiles, "--schedule", "backup-job=0 3 * * *",
            ], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
        }

        /// Runs the script against a fresh moto (no Docker: moto then runs no Lambda) and returns its
        /// summary; `then` runs while moto still serves the stack.
        private func simulate(
            _ workspace: Workspace, then: (MotoServer, [String: Any]) async throws -> Void = { _, _ in }
        ) async throws -> (status: Int32, summary: [String: Any]) {
            try await MotoServer.with(environment: ["DOCKER_HOST": "unix:///nonexistent"]) { moto in
                let script = ExportSupport.repositoryRoot + "/scripts/deploy-simulated.py"
                let run = try await ExportSupport.tool("python3", "python3 '\(script)' --endpoint \(moto.endpoint) --export ecs --json 2>/dev/null", directory: workspace.path)
                let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any], "\(run.output)")
                try await then(moto, summary)
                return (run.status, summary)
            }
        }

        @Test("the stack reaches CREATE_COMPLETE in moto; the exported task definitions and schedule register and agree with it")
        func stackAndExports() async throws {
            let workspace = try project()
            try await export(workspace, envFiles: ".env,ecs.env")
            let (status, summary) = try await simulate(workspace)
            let problems = summary["problems"] as? [String] ?? ["no problems list"]
            #expect(status == 0 && problems.isEmpty, "\(problems)")
            #expect(summary["status"] as? String == "CREATE_COMPLETE")
            let skipped = (summary["skipped"] as? [[String: String]] ?? []).compactMap { $0["LogicalResourceId"] }
            #expect(skipped == Self.skipped, "moto's CloudFormation skips other resources now: update docs/deploy.md")
            let custom = summary["customResources"] as? [[String: Any]] ?? []
            #expect(custom.map { $0["LogicalResourceId"] as? String } == ["ReferenceItem"] && custom.first?["Status"] as? String == "SUCCESS", "\(custom)")
            let registered = (summary["registered"] as? [String] ?? []).map { $0.split(separator: "/").last.map(String.init) ?? "" }
            #expect(registered == ["formation-prod-backup-job:2", "formation-prod-provision:1", "formation-prod-web:2"], "\(registered)")
            #expect((summary["rules"] as? [String])?.count == 1)
            let checks = summary["checks"] as? [String] ?? []
            for wanted in [
                "formation-prod-web: CONFIG_SOURCE=appconfig://formation-prod/prod/main (stack: appconfig://formation-prod/prod/main)",
                "formation-prod-backup-job: STORE_URL=dynamodb: (stack: dynamodb:)",
                "formation-prod-web: taskRoleArn arn:aws:iam::123456789012:role/formation-prod-web-task (stack: arn:aws:iam::123456789012:role/formation-prod-web-task)",
                "formation-prod-web: log group /formation/formation-prod (stack: /formation/formation-prod)",
            ] {
                #expect(checks.contains(wanted), "missing check: \(wanted)")
            }
        }

        @Test(".env alone exports a configuration file and an SQLite store the image does not hold: the simulation says so")
        func envAloneFails() async throws {
            let workspace = try project()
            try await export(workspace, envFiles: ".env")
            let (status, summary) = try await simulate(workspace)
            let problems = summary["problems"] as? [String] ?? []
            #expect(status == 1 && summary["status"] as? String == "CREATE_COMPLETE")
            #expect(problems.contains { $0.hasPrefix("formation-prod-web: CONFIG_SOURCE=file:config/app-config.json names a file") }, "\(problems)")
            #expect(problems.contains { $0.hasPrefix("formation-prod-backup-job: STORE_URL=sqlite:var/formation.sqlite") }, "\(problems)")
            #expect(problems.contains("formation-prod-web: CONFIG_SOURCE=file:config/app-config.json (stack: appconfig://formation-prod/prod/main)"), "\(problems)")
        }

        /// The command and environment of the exported task definition `family`.
        private func task(_ workspace: Workspace, _ family: String) throws -> (command: [String], environment: [String: String]) {
            let container = try ExportSupport.ecsContainer(workspace, "ecs/\(family).task-definition.json")
            var environment: [String: String] = [:]
            for pair in (container["environment"] as? [[String: String]]) ?? [] { environment[pair["name"] ?? ""] = pair["value"] }
            #expect(environment["CONFIG_SOURCE"] == "appconfig://formation-prod/prod/main" && environment["STORE_URL"] == "dynamodb:")
            return (try #require(container["command"] as? [String]), environment)
        }

        @Test("the exported web and backup-job commands and environments serve /hello and back up the table the AppConfig document names")
        func exportedRolesRun() async throws {
            let workspace = try project()
            try await export(workspace, envFiles: ".env,ecs.env")
            let web = try task(workspace, "formation-prod-web"), backup = try task(workspace, "formation-prod-backup-job")
            let command = web.command, jobCommand = backup.command
            var environment = web.environment, jobEnvironment = backup.environment
            // As in the image: the Procfile, and no .env, config/ or var/.
            for name in [".env", "ecs.env"] { try FileManager.default.removeItem(atPath: workspace.path + "/" + name) }

            _ = try await simulate(workspace) { moto, summary in
                let table = try #require((summary["resources"] as? [String: String])?["Table"])
                // moto has no AppConfig Data API: the peer serves the stack's document under the
                // names CONFIG_SOURCE gives.
                let peerScript = URL(fileURLWithPath: ExportSupport.repositoryRoot + "/Tests/SharedTests/Peers/appconfig_server.py")
                try await PeerProcess.with({ try await PeerProcess.python(peerScript, ["formation-prod", "prod", "main", "unused-token", "30"]) }) { appConfig in
                    let stored = try await HTTPProbe.get("\(appConfig.endpoint)/admin/document", method: .PUT, body: "{\"TableName\": \"\(table)\"}")
                    #expect(stored.status == 200)
                    // The task's environment, with the simulators' endpoints, test credentials,
                    // the binaries' directory (the image's BIN_DIR) and a free port for 5000.
                    let port = try FreePort.find()
                    let simulators = [
                        "PORT": String(port), "BIN_DIR": BuiltBinaries.directory,
                        "AWS_ENDPOINT_URL_DYNAMODB": moto.endpoint, "AWS_ENDPOINT_URL_APPCONFIGDATA": appConfig.endpoint,
                        "AWS_ACCESS_KEY_ID": MotoServer.credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": MotoServer.credentials.secretAccessKey,
                    ]
                    environment.merge(simulators) { _, new in new }
                    jobEnvironment.merge(simulators) { _, new in new }
                    let supervisor = try RunningSupervisor(command, in: workspace, environment: environment)
                    defer { if supervisor.process.isRunning { supervisor.signal(SIGKILL) } }
                    var answer: HTTPProbe.Answer?
                    for _ in 0..<120 {
                        answer = try? await HTTPProbe.get("http://127.0.0.1:\(port)/hello")
                        if answer?.status == 200 { break }
                        try await Task.sleep(for: .milliseconds(250))
                    }
                    #expect(answer?.status == 200 && answer?.body.contains("teal") == true,
                            "\(answer?.status ?? 0) \(answer?.body ?? "")\n\(supervisor.output)\(supervisor.errorOutput)")
                    supervisor.signal(SIGTERM)
                    #expect(await supervisor.waitForExit() == 0, "\(supervisor.output)\(supervisor.errorOutput)")

                    let job = try RunningSupervisor(jobCommand, in: workspace, environment: jobEnvironment)
                    defer { if job.process.isRunning { job.signal(SIGKILL) } }
                    #expect(await job.waitForExit() == 0, "\(job.output)\(job.errorOutput)")
                    #expect(job.output.contains(table), "\(job.output)\(job.errorOutput)")
                }
            }
        }
    }
}
