import Foundation
import Testing

extension ExportTests {
    @Suite("supervisor export ecs")
    struct ExportECSTests {
        private func object(_ workspace: Workspace, _ name: String) throws -> [String: Any] {
            let data = Data(try workspace.read(name).utf8)
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        @Test("task definitions per role: command, port, stopTimeout, awslogs, health check; secrets by reference only")
        func taskDefinitions() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(
                ["ecs", "ecs", "--image", "repo/shop:1", "--app", "shop", "--schedule", "backup-job=daily", "--account-id", "123456789012", "-t", "30"],
                in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            #expect(ExportSupport.files(in: workspace.path + "/ecs") == [
                "shop-backup-job.schedule.json", "shop-backup-job.task-definition.json", "shop-web.task-definition.json", "shop-worker.task-definition.json",
            ])
            let all = try ExportSupport.files(in: workspace.path + "/ecs").map { try workspace.read("ecs/" + $0) }.joined()
            #expect(!all.contains("hunter2"), "a secret value was exported")

            let web = try object(workspace, "ecs/shop-web.task-definition.json")
            let container = try #require((web["containerDefinitions"] as? [[String: Any]])?.first)
            #expect(container["command"] as? [String] == ["start", "-t", "30", "web"])
            #expect(container["stopTimeout"] as? Int == 35)
            #expect((container["portMappings"] as? [[String: Any]])?.first?["containerPort"] as? Int == 6000)
            let environment = (container["environment"] as? [[String: String]]) ?? []
            #expect(environment.map { $0["name"] ?? "" } == ["PORT", "DATABASE_URL", "GREETING"])
            #expect(environment.first?["value"] == "6000")
            let secrets = (container["secrets"] as? [[String: String]]) ?? []
            #expect(secrets == [["name": "API_TOKEN", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/shop/API_TOKEN"]])
            let logs = try #require(container["logConfiguration"] as? [String: Any])
            #expect(logs["logDriver"] as? String == "awslogs")
            let check = try #require((container["healthCheck"] as? [String: Any])?["command"] as? [String])
            #expect(check.last?.contains("/dev/tcp/127.0.0.1/6000") == true)

            let job = try object(workspace, "ecs/shop-backup-job.task-definition.json")
            let jobContainer = try #require((job["containerDefinitions"] as? [[String: Any]])?.first)
            #expect(jobContainer["command"] as? [String] == ["run", "-t", "30", "backup-job"])
            #expect(jobContainer["portMappings"] == nil && jobContainer["healthCheck"] == nil)
            #expect(job["taskRoleArn"] as? String == "arn:aws:iam::123456789012:role/shop-backup-job-task")
            let rule = try object(workspace, "ecs/shop-backup-job.schedule.json")
            #expect(rule["ScheduleExpression"] as? String == "cron(0 0 * * ? *)")
        }

        @Test("botocore accepts the files as register_task_definition and put_rule input, and rejects a broken one")
        func botocore() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(["ecs", "ecs", "--image", "repo/shop:1", "--app", "shop", "--schedule", "backup-job=weekly"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let script = ExportSupport.repositoryRoot + "/scripts/validate-ecs.py"
            let valid = try await ExportSupport.tool("python3", "python3 '\(script)' ecs/*.json", directory: workspace.path)
            #expect(valid.status == 0, "\(valid.output)")
            #expect(valid.output.components(separatedBy: "valid ").count - 1 == 4, "\(valid.output)")

            let broken = try workspace.read("ecs/shop-web.task-definition.json")
                .replacing("\"stopTimeout\": 10", with: "\"stopTimeout\": \"10\"")
            try workspace.write("ecs/broken.task-definition.json", broken)
            let invalid = try await ExportSupport.tool("python3", "python3 '\(script)' ecs/broken.task-definition.json", directory: workspace.path)
            #expect(invalid.status == 1 && invalid.output.contains("stopTimeout"), "\(invalid.output)")
        }

        @Test("ECS needs --image; a grace period above what Fargate can honour is a warning")
        func options() async throws {
            let workspace = try ExportSupport.workspace()
            let noImage = try await ExportSupport.export(["ecs", "ecs"], in: workspace)
            #expect(noImage.status == 64 && noImage.errors.contains("ecs needs --image"))
            let tooLong = try await ExportSupport.export(["ecs", "ecs", "--image", "i", "-t", "116"], in: workspace)
            #expect(tooLong.status == 0 && tooLong.errors.contains("warning: ecs: web's grace period needs a stopTimeout of 121 s, above ECS's 120 s"), "\(tooLong.errors)")
        }
    }
}

extension ExportTests.ExportECSTests {
    @Test("the exported command and environment start one web instance on the mapped port, as in the image")
    func containerCommandRuns() async throws {
        let workspace = try ExportSupport.workspace()
        let result = try await ExportSupport.export(["ecs", "ecs", "--image", "i", "--app", "shop"], in: workspace)
        #expect(result.status == 0, "\(result.errors)")
        let data = Data(try workspace.read("ecs/shop-web.task-definition.json").utf8)
        let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let container = try #require((definition["containerDefinitions"] as? [[String: Any]])?.first)
        let command = try #require(container["command"] as? [String])
        let port = try #require((container["portMappings"] as? [[String: Any]])?.first?["containerPort"] as? Int)
        var environment: [String: String] = [:]
        for pair in (container["environment"] as? [[String: String]]) ?? [] { environment[pair["name"] ?? ""] = pair["value"] }

        // The image holds the Procfile and no .env: the environment comes from the task definition.
        let image = try Workspace(procfile: "web: echo \"web listening on $PORT\"; exec sleep 30\nworker: ./worker\nbackup-job: ./backup\n")
        let supervisor = try RunningSupervisor(command, in: image, environment: environment)
        #expect(await supervisor.waitFor("web listening on \(port)"))
        try await Task.sleep(for: .milliseconds(300))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(!supervisor.output.contains("web.2") && !supervisor.output.contains("worker"), "\(supervisor.output)")
    }
}
