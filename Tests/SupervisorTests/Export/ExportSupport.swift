import Foundation
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
    static func export(_ arguments: [String], in workspace: Workspace) throws -> (status: Int32?, output: String, errors: String) {
        let supervisor = try RunningSupervisor(["export"] + arguments, in: workspace)
        let status = supervisor.waitForExit()
        return (status, supervisor.output, supervisor.errorOutput)
    }

    /// The files of a directory, sorted.
    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Runs a tool through the shell with stderr merged; records an issue naming the setup
    /// script when the tool is not installed.
    static func tool(_ name: String, _ command: String, directory: String? = nil) throws -> (output: String, status: Int32) {
        let found = try Shell.runWithStatus("command -v \(name)")
        guard found.status == 0 else {
            Issue.record("\(name) is not installed; run scripts/setup-export-tools.sh first")
            return ("", 127)
        }
        return try Shell.runWithStatus(command + " 2>&1", directory: directory)
    }
}
