import AppTestSupport
import Foundation
import Glibc
import Testing

/// `supervisor reload` and SIGHUP end to end, with real processes: only the difference is
/// applied (unchanged instances keep their pids), a problem changes nothing, and a reload during
/// a restart waits its turn.
@Suite("supervisor reload", .serialized, .ownThread)
struct ReloadTests {
    static let procfile = """
        web: echo "web says $GREETING"; exec sleep 1000
        worker: echo "worker says $GREETING"; exec sleep 1000

        """

    static func start(_ workspace: Workspace, _ arguments: [String] = []) throws -> RunningSupervisor {
        let port = try FreePort.block(300)
        return try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "--control", "\(workspace.path)/c.sock", "-p", "\(port)"] + arguments, in: workspace)
    }

    static func control(_ arguments: [String], in workspace: Workspace) async throws -> (status: Int32?, output: String, error: String) {
        let client = try RunningSupervisor([arguments[0], "--control", "\(workspace.path)/c.sock"] + arguments.dropFirst(), in: workspace)
        let status = await client.waitForExit(seconds: 60)
        return (status, client.output, client.errorOutput)
    }

    /// Each running instance's pid, by name.
    static func pids(in workspace: Workspace) async throws -> [String: Int] {
        let reply = try await control(["status", "--json"], in: workspace)
        let object = try JSONSerialization.jsonObject(with: Data(reply.output.utf8)) as? [String: Any]
        let rows = object?["instances"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            guard let name = row["name"] as? String, let pid = row["pid"] as? Int else { return nil }
            return (name, pid)
        })
    }

    static func ready(_ supervisor: RunningSupervisor, _ count: Int) async -> Bool {
        await supervisor.waitFor(count == 1 ? "all 1 instance is ready" : "all \(count) instances are ready", seconds: 30)
    }

    @Test("nothing changed: no pid changes; a type added starts, a type removed stops, the others keep their pids")
    func addRemoveNothing() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "GREETING=hi\nFORMATION=web=2,worker=1\n"])
        let supervisor = try Self.start(workspace)
        #expect(await Self.ready(supervisor, 3), "\(supervisor.output)")
        let before = try await Self.pids(in: workspace)
        let same = try await Self.control(["reload"], in: workspace)
        #expect(same.status == 0 && same.output == "nothing changed\n", "\(same)")
        #expect(try await Self.pids(in: workspace) == before)

        try workspace.write("Procfile", "web: echo \"web says $GREETING\"; exec sleep 1000\nclock: exec sleep 999\n")
        try workspace.write(".env", "GREETING=hi\nFORMATION=web=2,clock=1\n")
        let dry = try await Self.control(["reload", "--dry-run"], in: workspace)
        #expect(dry.status == 0 && dry.output.contains("clock: new, starting 1 instance") && dry.output.contains("worker: gone"), "\(dry)")
        #expect(try await Self.pids(in: workspace) == before, "a dry run changes nothing")
        let reload = try await Self.control(["reload"], in: workspace)
        #expect(reload.status == 0, "\(reload)")
        #expect(reload.output.contains("clock: new, starting 1 instance\nworker: gone, stopping 1 instance\nreloaded"), "\(reload.output)")
        #expect(await supervisor.waitFor("spawned clock.1"))
        #expect(await supervisor.waitFor("worker.1 (pid \(before["worker.1"] ?? 0)) was killed by SIGTERM"), "\(supervisor.output)")
        let after = try await Self.pids(in: workspace)
        #expect(after["web.1"] == before["web.1"] && after["web.2"] == before["web.2"])
        #expect(after["worker.1"] == nil && after["clock.1"] != nil)
        #expect(supervisor.output.contains("reload (from pid"), "the reload is a supervisor event")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("a changed command restarts only its type, one instance at a time, and the answer waits for it")
    func changedCommand() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "GREETING=hi\nFORMATION=web=2,worker=1\n"])
        let supervisor = try Self.start(workspace)
        #expect(await Self.ready(supervisor, 3))
        let before = try await Self.pids(in: workspace)
        try workspace.write("Procfile", "web: echo \"web v2 says $GREETING\"; exec sleep 1000\nworker: echo \"worker says $GREETING\"; exec sleep 1000\n")
        let reload = try await Self.control(["reload"], in: workspace)
        #expect(reload.status == 0 && reload.output.contains("web: restarting each instance in turn (command changed)"), "\(reload)")
        #expect(reload.output.contains("reloaded in "), "\(reload.output)")
        let after = try await Self.pids(in: workspace)
        #expect(after["web.1"] != before["web.1"] && after["web.2"] != before["web.2"])
        #expect(after["worker.1"] == before["worker.1"])
        #expect(supervisor.output.components(separatedBy: "web v2 says hi").count == 3, "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test(".env: a formation setting for one type restarts that type only; an app variable restarts every type (each sees it), with its new value")
    func environment() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "GREETING=hi\nFORMATION=web=1,worker=1\n"])
        let supervisor = try Self.start(workspace)
        #expect(await Self.ready(supervisor, 2))
        let before = try await Self.pids(in: workspace)
        try workspace.write(".env", "GREETING=hi\nFORMATION=web=1,worker=1\nFORMATION_MEMORY_MAX=web=512M\n")
        let capped = try await Self.control(["reload"], in: workspace)
        #expect(capped.output.contains("web: restarting each instance in turn (--memory-max changed)"), "\(capped)")
        let middle = try await Self.pids(in: workspace)
        #expect(middle["web.1"] != before["web.1"] && middle["worker.1"] == before["worker.1"])
        let status = try await Self.control(["status", "--json"], in: workspace)
        #expect(status.output.contains("\"memory_max\":536870912"), "status shows the reloaded cap: \(status.output)")

        try workspace.write(".env", "GREETING=hello\nFORMATION=web=1,worker=1\nFORMATION_MEMORY_MAX=web=512M\n")
        let greeting = try await Self.control(["reload"], in: workspace)
        #expect(greeting.output.contains("worker: restarting each instance in turn (environment: GREETING changed)"), "\(greeting)")
        let after = try await Self.pids(in: workspace)
        #expect(after["web.1"] != middle["web.1"] && after["worker.1"] != middle["worker.1"])
        #expect(supervisor.output.contains("web says hello") && supervisor.output.contains("worker says hello"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("an invalid Procfile or .env changes nothing: every problem listed, exit 78, the formation keeps running")
    func invalid() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "GREETING=hi\nFORMATION=web=1,worker=1\n"])
        let supervisor = try Self.start(workspace)
        #expect(await Self.ready(supervisor, 2))
        let before = try await Self.pids(in: workspace)
        try workspace.write("Procfile", "web: exec sleep 1000\nnot a line\n")
        try workspace.write(".env", "GREETING=hi\nFORMATION=web=1,worker=1\nFORMATION_MEMORY_MAX=web=lots\n")
        let reload = try await Self.control(["reload"], in: workspace)
        #expect(reload.status == 78, "\(reload)")
        #expect(reload.error.contains("Procfile:2:1:"), "\(reload.error)")
        #expect(reload.error.contains("nothing changed"), "\(reload.error)")
        #expect(try await Self.pids(in: workspace) == before)
        let status = try await Self.control(["status", "--ready"], in: workspace)
        #expect(status.status == 0)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("an instance scaled away before a reload comes back on the new command when scaled up again")
    func revivedAfterReload() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "GREETING=hi\nFORMATION=web=2,worker=0\n"])
        let supervisor = try Self.start(workspace)
        #expect(await Self.ready(supervisor, 2))
        let down = try await Self.control(["scale", "web=1"], in: workspace)
        #expect(down.status == 0, "\(down)")
        #expect(await supervisor.waitFor("web.2 (pid"), "\(supervisor.output)")
        try workspace.write("Procfile", "web: echo \"web v2 says $GREETING\"; exec sleep 1000\nworker: exec sleep 1000\n")
        let reload = try await Self.control(["reload"], in: workspace)
        #expect(reload.status == 0 && reload.output.contains("web: restarting"), "\(reload)")
        let up = try await Self.control(["scale", "web=2"], in: workspace)
        #expect(up.status == 0, "\(up)")
        // web.2's own lines: the old command's once, before the reload, then the new one's.
        let web2 = {
            supervisor.lines.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("web.2 ") }
                .compactMap { $0.split(separator: "|", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) }
        }
        for _ in 0..<1000 where web2().count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(web2() == ["web says hi", "web v2 says hi"], "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("a reload during a restart is queued behind it: answered after both, the instance ends on the new command")
    func duringRestart() async throws {
        // web takes about a second to stop, so the restart is still going when the reload comes.
        let slow = "web: trap 'sleep 1; exit 0' TERM; echo \"web $V\"; while true; do sleep 0.1; done\n"
        let workspace = try Workspace(procfile: slow, files: [".env": "V=one\n"])
        let supervisor = try Self.start(workspace)
        #expect(await Self.ready(supervisor, 1))
        let restart = try RunningSupervisor(["restart", "--control", "\(workspace.path)/c.sock", "web"], in: workspace)
        #expect(await supervisor.waitFor("control: restart web"))
        try workspace.write(".env", "V=two\n")
        let reload = try await Self.control(["reload"], in: workspace)
        #expect(reload.status == 0 && reload.output.contains("reloaded in"), "\(reload)")
        #expect(await restart.waitForExit(seconds: 30) == 0)
        #expect(await supervisor.waitFor("web two", seconds: 15), "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit(seconds: 30) == 0)
    }

    @Test("SIGHUP: with --sighup reload it reloads (a problem is a warning); with --sighup stop it stops the formation")
    func sighup() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "GREETING=hi\nFORMATION=web=1,worker=0\n"])
        let supervisor = try Self.start(workspace, ["--sighup", "reload"])
        #expect(await Self.ready(supervisor, 1))
        try workspace.write(".env", "GREETING=hup\nFORMATION=web=1,worker=0\n")
        supervisor.signal(SIGHUP)
        #expect(await supervisor.waitFor("web says hup"), "\(supervisor.output)")
        #expect(supervisor.output.contains("SIGHUP: web: restarting each instance in turn"), "\(supervisor.output)")
        try workspace.write("Procfile", "oops\n")
        supervisor.signal(SIGHUP)
        #expect(await supervisor.waitFor("SIGHUP: nothing changed: "), "\(supervisor.output)")
        #expect(try await Self.pids(in: workspace).count == 1)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)

        try workspace.write("Procfile", Self.procfile)
        let stopping = try Self.start(workspace, ["--sighup", "stop"])
        #expect(await Self.ready(stopping, 1))
        stopping.signal(SIGHUP)
        #expect(await stopping.waitForExit() == 0)
        #expect(stopping.output.contains("received SIGHUP"), "\(stopping.output)")
    }
}
