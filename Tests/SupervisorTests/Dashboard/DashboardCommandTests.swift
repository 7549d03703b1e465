import Foundation
import Testing

@testable import supervisor

/// `supervisor dashboard` before the browser: its options, where it looks for the executable,
/// and its one-line refusals.
@Suite("supervisor dashboard: options and refusals", .serialized, .ownThread)
struct DashboardCommandTests {
    @Test("the executable is looked for beside supervisor, then in the .build tree matching a .build-static one; the report names every place in one line")
    func executablePath() {
        #expect(DashboardExecutable.candidates(besides: "/usr/local/bin/supervisor") == ["/usr/local/bin/dashboard"])
        let staticTree = "/src/formation/.build-static/x86_64-unknown-linux-gnu/release/supervisor"
        let candidates = DashboardExecutable.candidates(besides: staticTree)
        #expect(candidates == [
            "/src/formation/.build-static/x86_64-unknown-linux-gnu/release/dashboard",
            "/src/formation/.build/x86_64-unknown-linux-gnu/release/dashboard",
        ])
        #expect(DashboardExecutable.find(besides: staticTree) { $0.contains("/.build/") } == candidates[1])
        #expect(DashboardExecutable.find(besides: staticTree) { _ in true } == candidates[0])
        #expect(DashboardExecutable.find(besides: staticTree) { _ in false } == nil)
        let report = DashboardExecutable.missing(lookedIn: candidates)
        #expect(report.hasPrefix("no dashboard executable in \(candidates[0]), \(candidates[1]);"))
        #expect(report.contains("scripts/install.sh"))
        #expect(report.contains("swift build -c release --product dashboard"))
        #expect(!report.contains("\n"))
    }

    @Test("options parse like the other control commands; a port out of range is refused")
    func options() throws {
        let command = try SupervisorCommand.parseAsRoot(["dashboard", "--port", "8080", "--listen", "0.0.0.0", "-d", "/srv/app"])
        let dashboard = try #require(command as? SupervisorCommand.Dashboard)
        #expect(dashboard.port == 8080)
        #expect(dashboard.listen == "0.0.0.0")
        #expect(dashboard.options.root == "/srv/app")
        #expect(try (SupervisorCommand.parseAsRoot(["dashboard"]) as? SupervisorCommand.Dashboard)?.listen == "127.0.0.1")
        #expect(throws: (any Error).self) { try SupervisorCommand.parseAsRoot(["dashboard", "--port", "70000"]) }
    }

    @Test("no formation: exit 69 saying where it looked; a supervisor without a dashboard beside it: exit 69 naming the path")
    func refusals() async throws {
        let workspace = try Workspace(procfile: "web: while true; do sleep 0.2; done\n")
        let none = try RunningSupervisor(["dashboard"], in: workspace)
        #expect(await none.waitForExit(seconds: 15) == 69)
        #expect(none.errorOutput.contains("supervisor: no formation is running in"), "\(none.errorOutput)")

        let supervisor = try RunningSupervisor(["start", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("spawned web.1"))
        let alone = workspace.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: SupervisorBinary.path, toPath: alone.appendingPathComponent("supervisor").path)
        let missing = try await Shell.runCapturingStderr("'\(alone.path)/supervisor' dashboard", directory: workspace.path)
        #expect(missing.status == 69)
        #expect(missing.error == "supervisor: \(DashboardExecutable.missing(lookedIn: [alone.path + "/dashboard"]))\n", "\(missing.error)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}
