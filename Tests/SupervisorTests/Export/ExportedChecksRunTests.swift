import Foundation
import Testing

extension ExportTests {
    /// The exported checks run as their engine would run them: the ECS `healthCheck` command
    /// beside the container's own command, and the systemd check unit's `ExecStart=` and
    /// `ExecStopPost=` with systemd's substitutions made by hand (no systemd runs here).
    @Suite("exported checks run")
    struct ExportedChecksRunTests {
        /// The image's supervisor is this build's.
        private func local(_ command: [String]) -> [String] {
            command.map { $0 == "/usr/local/bin/supervisor" ? SupervisorBinary.resolvedPath : $0 }
        }

        @Test("ecs: the healthCheck command passes against the instance the container command starts, and fails once it is gone")
        func ecs() async throws {
            let base = 20_000 + Int.random(in: 0..<300) * 100
            let workspace = try Workspace(procfile: "web: exec python3 -m http.server $PORT --bind 127.0.0.1\nworker: exec sleep 60\n")
            let result = try await ExportSupport.export(
                ["ecs", "ecs", "--image", "i", "--app", "shop", "-p", String(base), "--check", "web=http:/",
                 "--check", "worker=exec:test \"$PORT\" = \(base + 100)"],
                in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let web = try ExportSupport.ecsContainer(workspace, "ecs/shop-web.task-definition.json")
            let command = try #require(web["command"] as? [String])
            var environment: [String: String] = [:]
            for pair in (web["environment"] as? [[String: String]]) ?? [] { environment[pair["name"] ?? ""] = pair["value"] }
            let check = try #require((web["healthCheck"] as? [String: Any])?["command"] as? [String])
            #expect(check.first == "CMD")
            let probe = local(Array(check.dropFirst())).map { "'\($0)'" }.joined(separator: " ")

            let container = try RunningSupervisor(command, in: workspace, environment: environment)
            var healthy = false
            for _ in 0..<60 where !healthy {
                healthy = try await Shell.runWithStatus(probe).status == 0
                if !healthy { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(healthy, "\(container.output)")
            container.signal(SIGINT)
            _ = await container.waitForExit()
            #expect(try await Shell.runWithStatus(probe).status == 1)

            let worker = try ExportSupport.ecsContainer(workspace, "ecs/shop-worker.task-definition.json")
            let workerCheck = try #require((worker["healthCheck"] as? [String: Any])?["command"] as? [String])
            let workerProbe = local(Array(workerCheck.dropFirst())).map { "'\($0)'" }.joined(separator: " ")
            #expect(try await Shell.runWithStatus(workerProbe).status == 0, "the exec check sees the instance's PORT, not the container's")
        }

        @Test("systemd: the check unit's probe ends with status 1 when the instance stops answering, and only then ExecStopPost restarts the instance")
        func systemd() async throws {
            let workspace = try ExportSupport.workspace()
            let result = try await ExportSupport.export(
                ["systemd", "units", "--app", "shop", "--check", "web=http:/ok", "--check-interval", "web=1", "--check-failures", "web=2"], in: workspace)
            #expect(result.status == 0, "\(result.errors)")
            let unit = try workspace.read("units/shop-web-check@.service").split(separator: "\n").map(String.init)
            let start = try #require(unit.first { $0.hasPrefix("ExecStart=") }?.dropFirst("ExecStart=".count))
            let stopPost = try #require(unit.first { $0.hasPrefix("ExecStopPost=+") }?.dropFirst("ExecStopPost=+".count))

            let (server, port) = try ProbeTests.startServer(in: workspace)
            defer { ProbeTests.stop(server) }
            let words = String(start).replacing("%i", with: String(port)).split(separator: " ").map(String.init)
            #expect(words.first == SupervisorBinary.resolvedPath)
            let watch = try RunningSupervisor(Array(words.dropFirst()), in: workspace)
            #expect(await watch.waitFor("http:/ok on port \(port): healthy (HTTP 200)"))
            try workspace.write("sick", "")
            #expect(await watch.waitForExit(seconds: 30) == 1)
            #expect(watch.errorOutput.contains("failed 2 of 2 in a row: HTTP 503; unhealthy"), "\(watch.errorOutput)")

            // systemd passes `$$` as `$` and `%i` as the instance; a fake systemctl records its arguments.
            try FileManager.default.createDirectory(atPath: workspace.path + "/bin", withIntermediateDirectories: true)
            try workspace.write("bin/systemctl", "#!/bin/sh\necho \"$@\" >> \"\(workspace.path)/systemctl.log\"\n")
            chmod(workspace.path + "/bin/systemctl", 0o755)
            let command = String(stopPost).replacing("$$", with: "$").replacing("%i", with: String(port))
            let path = "\(workspace.path)/bin:/usr/bin:/bin"
            _ = try await Shell.runWithStatus(command, environment: ["PATH": path, "SERVICE_RESULT": "success", "EXIT_STATUS": "15"])
            _ = try await Shell.runWithStatus(command, environment: ["PATH": path, "SERVICE_RESULT": "exit-code", "EXIT_STATUS": "203"])
            #expect(!FileManager.default.fileExists(atPath: workspace.path + "/systemctl.log"), "a stop by systemd or a probe that cannot run restarts nothing")
            let status = String(watch.process.terminationStatus)
            _ = try await Shell.runWithStatus(command, environment: ["PATH": path, "SERVICE_RESULT": "exit-code", "EXIT_STATUS": status])
            #expect(try workspace.read("systemctl.log") == "--no-block restart shop-web@\(port).service\n")
        }
    }
}
