import Foundation
import PeerSupport
import Testing

/// Runs `supervisor export` in a workspace and the external validators on what it wrote.
enum ExportSupport {
    /// The repository root (scripts/, deploy/, Dockerfile).
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A workspace with three types (web, worker, backup-job), a secret and a public key.
    static func workspace() throws -> Workspace {
        try Workspace(
            procfile: "web: ./web --port $PORT\nworker: ./worker\nbackup-job: ./backup \"a b\"\n",
            files: [".env": "DATABASE_URL=postgres://db/app\nAPI_TOKEN=hunter2\nGREETING=\"hello world\"\nFORMATION=web=2,worker=1,backup-job=0\nPORT=6000\n"])
    }

    /// Runs `supervisor export ARGS`; returns the status, stdout and stderr.
    static func export(_ arguments: [String], in workspace: Workspace) async throws -> (status: Int32?, output: String, errors: String) {
        let supervisor = try RunningSupervisor(["export"] + arguments, in: workspace)
        let status = await supervisor.waitForExit()
        return (status, supervisor.output, supervisor.errorOutput)
    }

    /// The files of a directory, sorted.
    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Runs a tool through the shell with stderr merged, the pinned peers (.build/peers) first on
    /// `PATH`; records an issue saying how to install it when the tool is missing.
    /// Each run has a home and a temporary directory of its own, removed afterwards: checkov
    /// leaves lark's grammar cache in the temporary directory and its update check in
    /// ~/.cache, by design.
    static func tool(_ name: String, _ command: String, directory: String? = nil) async throws -> (output: String, status: Int32) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("formation-tool-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var environment = Peers.environment()
        environment["HOME"] = scratch
        environment["TMPDIR"] = scratch
        environment["XDG_CACHE_HOME"] = scratch + "/.cache"
        let found = try await Shell.runWithStatus("command -v \(name)", environment: environment)
        guard found.status == 0 else {
            Issue.record("\(name) is not installed: run ./scripts/test.sh once (it installs the apt packages and requirements-peers.txt)")
            return ("", 127)
        }
        return try await Shell.runWithStatus(command + " 2>&1", environment: environment, directory: directory)
    }

    /// botocore's offline validation of every ECS file in `ecs/` (scripts/validate-ecs.py).
    static func expectValidECS(_ workspace: Workspace) async throws {
        let script = repositoryRoot + "/scripts/validate-ecs.py"
        let valid = try await tool("python3", "python3 '\(script)' ecs/*.json", directory: workspace.path)
        #expect(valid.status == 0, "\(valid.output)")
    }

    /// `systemd-analyze verify` on every unit in `directory`, each template as its instance `instance`.
    static func expectValidSystemd(_ directory: String, instance: Int) async throws {
        let units = files(in: directory).filter { !$0.hasSuffix(".env") }
            .map { $0.hasSuffix("@.service") ? $0.replacing("@.service", with: "@\(instance).service") : $0 }
            .map { "'\(directory)/\($0)'" }
        let verified = try await tool("systemd-analyze", "systemd-analyze verify \(units.joined(separator: " "))")
        #expect(verified.status == 0 && verified.output.isEmpty, "\(verified.output)")
    }

    /// The one container of the ECS task definition `name` in `workspace`.
    static func ecsContainer(_ workspace: Workspace, _ name: String) throws -> [String: Any] {
        let data = Data(try workspace.read(name).utf8)
        let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require((definition["containerDefinitions"] as? [[String: Any]])?.first)
    }

    /// `kubernetes-validate --strict` on every manifest in `k8s/`.
    static func expectValidKubernetes(_ workspace: Workspace) async throws {
        let valid = try await tool("kubernetes-validate", "kubernetes-validate --strict --quiet k8s/*.yaml", directory: workspace.path)
        #expect(valid.status == 0, "\(valid.output)")
    }
}
