import PeerSupport
import Foundation
import Testing

/// The control socket end to end: a real formation, the real client commands, a real socket.
@Suite("supervisor status, restart, stop, scale, signal, logs, shutdown", .serialized, .ownThread)
struct ControlTests {
    static let procfile = """
        web: trap 'echo got USR1' USR1; echo "web $PORT up"; while true; do sleep 0.1; done
        worker: while true; do sleep 0.1; done

        """

    /// Runs one client command in the workspace; its exit status and both outputs.
    static func control(_ arguments: [String], in workspace: Workspace) async throws -> (status: Int32?, output: String, error: String) {
        let client = try RunningSupervisor(arguments, in: workspace)
        let status = await client.waitForExit(seconds: 15)
        return (status, client.output, client.errorOutput)
    }

    /// The `status --json` rows by instance name.
    static func rows(in workspace: Workspace) async throws -> [String: [String: Any]] {
        let reply = try await control(["status", "--json"], in: workspace)
        let object = try JSONSerialization.jsonObject(with: Data(reply.output.utf8)) as? [String: Any]
        let instances = object?["instances"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: instances.compactMap { row in (row["name"] as? String).map { ($0, row) } })
    }

    static func started(_ workspace: Workspace, _ arguments: [String] = ["-m", "web=2,worker=1"]) async throws -> RunningSupervisor {
        let supervisor = try RunningSupervisor(["start", "--no-color", "--no-timestamps"] + arguments, in: workspace)
        #expect(await supervisor.waitFor("spawned worker.1"))
        return supervisor
    }

    @Test("status lists every instance; restart keeps the name and port, changes the pid, and leaves the others running")
    func statusAndRestart() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try await Self.started(workspace)
        let before = try await Self.rows(in: workspace)
        #expect(Set(before.keys) == ["web.1", "web.2", "worker.1"])
        #expect(before["web.2"]?["port"] as? Int == 5001)
        #expect(before["web.1"]?["state"] as? String == "running")
        #expect((before["web.1"]?["rss_bytes"] as? Int ?? 0) > 0)

        let table = try await Self.control(["status"], in: workspace)
        #expect(table.status == 0)
        #expect(table.output.contains("NAME"), "\(table.output)")
        #expect(table.output.contains("worker.1  worker"), "\(table.output)")

        let restart = try await Self.control(["restart", "web.1"], in: workspace)
        #expect(restart.status == 0)
        #expect(await supervisor.waitFor("spawned web.1", seconds: 10))
        try await Task.sleep(for: .milliseconds(300))
        let after = try await Self.rows(in: workspace)
        #expect(after["web.1"]?["port"] as? Int == 5000)
        #expect(after["web.1"]?["pid"] as? Int != before["web.1"]?["pid"] as? Int)
        #expect(after["web.1"]?["restarts"] as? Int == 1)
        #expect(after["web.2"]?["pid"] as? Int == before["web.2"]?["pid"] as? Int)
        #expect(supervisor.output.contains("control: restart web.1 (from pid"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("stop holds an instance while the formation runs; restart brings it back; unknown targets are refused with exit 1")
    func stopAndStartAgain() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try await Self.started(workspace)
        #expect(try await Self.control(["stop", "web.2"], in: workspace).status == 0)
        #expect(await supervisor.waitFor("web.2 (pid"))
        try await Task.sleep(for: .milliseconds(300))
        var rows = try await Self.rows(in: workspace)
        #expect(rows["web.2"]?["state"] as? String == "stopped")
        #expect(rows["web.1"]?["state"] as? String == "running")

        let unknown = try await Self.control(["restart", "nope"], in: workspace)
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("no process type or instance named 'nope'"), "\(unknown.error)")

        #expect(try await Self.control(["restart", "web.2"], in: workspace).status == 0)
        try await Task.sleep(for: .milliseconds(500))
        rows = try await Self.rows(in: workspace)
        #expect(rows["web.2"]?["state"] as? String == "running")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("scale adds instances by the port rule and stops the highest-numbered first")
    func scale() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try await Self.started(workspace)
        #expect(try await Self.control(["scale", "web=4,worker=0"], in: workspace).status == 0)
        #expect(await supervisor.waitFor("spawned web.4 (pid"))
        try await Task.sleep(for: .milliseconds(300))
        var rows = try await Self.rows(in: workspace)
        #expect(Set(rows.keys) == ["web.1", "web.2", "web.3", "web.4"])
        #expect(rows["web.4"]?["port"] as? Int == 5003)
        #expect(try await Self.control(["scale", "web=1"], in: workspace).status == 0)
        try await Task.sleep(for: .milliseconds(500))
        rows = try await Self.rows(in: workspace)
        #expect(Set(rows.keys) == ["web.1"])
        let badScale = try await Self.control(["scale", "wbe=2"], in: workspace)
        #expect(badScale.status == 1)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("signal reaches the type's groups; logs shows the ring and follows; shutdown stops as SIGTERM would")
    func signalLogsShutdown() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try await Self.started(workspace)
        #expect(try await Self.control(["signal", "web", "USR1"], in: workspace).status == 0)
        #expect(await supervisor.waitFor("web.2      | got USR1"), "\(supervisor.output)")

        let logs = try await Self.control(["logs", "-n", "5", "web.1"], in: workspace)
        #expect(logs.status == 0)
        #expect(logs.output.contains("web.1 | web 5000 up"), "\(logs.output)")
        #expect(logs.output.contains("web.1 | got USR1"), "\(logs.output)")

        let follower = try RunningSupervisor(["logs", "-f", "-n", "0", "web.2"], in: workspace)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await Self.control(["signal", "web.2", "USR1"], in: workspace).status == 0)
        #expect(await follower.waitFor("web.2 | got USR1"))

        // Following everything includes instances a later scale adds.
        let everything = try RunningSupervisor(["logs", "-f", "-n", "0"], in: workspace)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await Self.control(["scale", "web=3"], in: workspace).status == 0)
        #expect(await everything.waitFor("web 5002 up"), "\(everything.output)")
        #expect(everything.output.contains("web.3"), "\(everything.output)")

        #expect(try await Self.control(["shutdown"], in: workspace).status == 0)
        #expect(await supervisor.waitForExit() == 0)
        #expect(await follower.waitForExit() == 0)
        #expect(try await Self.control(["status"], in: workspace).status == 69)
    }

    @Test("a second start on the same root is refused; a stale socket is replaced")
    func secondStartAndStaleSocket() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try await Self.started(workspace)
        let second = try RunningSupervisor(["start"], in: workspace)
        #expect(await second.waitForExit() == 1)
        #expect(second.errorOutput.contains("a formation is already running in \(workspace.url.resolvingSymlinksInPath().path)") || second.errorOutput.contains("a formation is already running in \(workspace.path)"), "\(second.errorOutput)")
        #expect(second.errorOutput.contains("(pid \(supervisor.pid)"), "\(second.errorOutput)")
        supervisor.signal(SIGKILL)
        _ = await supervisor.waitForExit()
        // The killed supervisor left its socket file behind: nobody listens there.
        let again = try await Self.started(workspace)
        #expect(try await Self.control(["status"], in: workspace).status == 0)
        again.signal(SIGTERM)
        #expect(await again.waitForExit() == 0)
    }

    @Test("garbage, a partial line, 10 MB and another user's connection: refused, the formation unaffected")
    func hostileClients() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let socket = workspace.path + "/control.sock"
        let supervisor = try await Self.started(workspace, ["-m", "web=1,worker=1", "--control", socket])
        let script = """
            import os, socket, sys
            def ask(data, read=True):
                s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
                try:
                    s.sendall(data)
                except OSError as e:
                    return "send failed: %s" % e
                if not read: s.close(); return ""
                s.settimeout(5); out = b""
                try:
                    while not out.endswith(b"\\n"):
                        chunk = s.recv(65536)
                        if not chunk: break
                        out += chunk
                except OSError as e:
                    out += str(e).encode()
                s.close(); return out.decode(errors="replace").strip()
            print("garbage:", ask(b"hello\\n"))
            print("partial:", ask(b'{"command":"sta', read=False))
            print("huge:", ask(b"x" * 10_000_000 + b"\\n"))
            print("deep:", ask(b"[" * 100000 + b"\\n"))
            print("status:", ask(b'{"command":"status"}\\n')[:40])
            """
        try workspace.write("hostile.py", script)
        let output = try await Shell.run("python3 hostile.py \(socket)", directory: workspace.path)
        #expect(output.contains("garbage: {\"ok\":false,\"error\":\"invalid request"), "\(output)")
        #expect(output.contains("huge: {\"ok\":false,\"error\":\"request longer than 65536 bytes") || output.contains("huge: send failed"), "\(output)")
        #expect(output.contains("deep: {\"ok\":false"), "\(output)")
        #expect(output.contains("status: {\"ok\":true"), "\(output)")

        // Another uid: the socket is made reachable on purpose; SO_PEERCRED still refuses.
        chmod(workspace.path, 0o755)
        chmod(socket, 0o666)
        // The server answers a foreign peer at once and closes: read before sending anything.
        try workspace.write("foreign.py", "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\nprint(s.recv(4096).decode())\n")
        chmod(workspace.path + "/foreign.py", 0o644)
        let foreign = try await Shell.run("setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 \(workspace.path)/foreign.py \(socket) 2>&1", directory: "/")
        #expect(foreign.contains("permission denied: the formation belongs to uid 0"), "\(foreign)")

        let rows = try await Self.control(["status", "--json", "--control", socket], in: workspace)
        #expect(rows.status == 0)
        #expect(supervisor.output.contains("spawned web.1"))
        #expect(!supervisor.output.contains("shutdown requested"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}
