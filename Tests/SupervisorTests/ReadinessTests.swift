import AppTestSupport
import Foundation
import Testing

/// Readiness end to end: real `systemd-notify` in the children, a real notify listener as the
/// supervisor's own manager, real TCP ports and a socket shared by real servers.
@Suite("supervisor start --ready, --socket, NOTIFY_SOCKET", .serialized, .ownThread)
struct ReadinessTests {
    static func control(_ arguments: [String], in workspace: Workspace) async throws -> (status: Int32?, output: String) {
        let client = try RunningSupervisor(arguments + ["--control", "\(workspace.path)/c.sock"], in: workspace)
        let status = await client.waitForExit(seconds: 15)
        return (status, client.output + client.errorOutput)
    }

    static func rows(in workspace: Workspace) async throws -> [String: [String: Any]] {
        let reply = try await control(["status", "--json"], in: workspace)
        let object = try JSONSerialization.jsonObject(with: Data(reply.output.utf8)) as? [String: Any]
        let instances = object?["instances"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: instances.compactMap { row in (row["name"] as? String).map { ($0, row) } })
    }

    static func start(_ workspace: Workspace, _ arguments: [String], environment: [String: String] = [:]) throws -> RunningSupervisor {
        try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "--control", "\(workspace.path)/c.sock"] + arguments,
            in: workspace, environment: environment)
    }

    @Test("systemd-notify --ready makes an instance ready with its STATUS=; the supervisor's own READY=1 waits for every instance, STOPPING=1 at the end")
    func notifyAndManager() async throws {
        let workspace = try Workspace(procfile: """
            fast: systemd-notify --ready --status="fast is up"; exec sleep 100
            slow: while [ ! -e go ]; do sleep 0.05; done; systemd-notify --ready --status="slow is up"; exec sleep 100

            """)
        let manager = try NotifySocket()
        let supervisor = try Self.start(workspace, ["--ready", "fast=notify,slow=notify"], environment: ["NOTIFY_SOCKET": manager.path])
        #expect(await supervisor.waitFor("fast.1 (pid"))
        #expect(await supervisor.waitFor("is ready after"))
        var rows = try await Self.rows(in: workspace)
        #expect(rows["fast.1"]?["state"] as? String == "ready")
        #expect(rows["fast.1"]?["status_text"] as? String == "fast is up")
        #expect(rows["slow.1"]?["state"] as? String == "starting")
        let table = try await Self.control(["status"], in: workspace)
        #expect(table.output.contains("STATUS"), "\(table.output)")
        // One instance is not ready: the manager has heard nothing yet.
        try await Task.sleep(for: .milliseconds(500))
        var early: [NotifySocket.Message] = []
        while let message = await manager.receive(seconds: 0.01) { early.append(message) }
        #expect(!early.contains { $0.assignments["READY"] != nil }, "\(early.map(\.text))")

        try workspace.write("go", "")
        #expect(await manager.waitFor("READY", seconds: 10).match?.assignments["READY"] == "1", "\(supervisor.output)")
        // Said on the supervisor's output in the same turn as READY=1 is sent: the test reads
        // that pipe on its own, so wait for the line rather than expect it already read.
        #expect(await supervisor.waitFor("all 2 instances are ready"), "\(supervisor.output)")
        rows = try await Self.rows(in: workspace)
        #expect(rows["slow.1"]?["state"] as? String == "ready")
        #expect(rows["slow.1"]?["status_text"] as? String == "slow is up")
        // The children never see the supervisor's own NOTIFY_SOCKET.
        #expect(!supervisor.output.contains(manager.path))

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(await manager.waitFor("STOPPING", seconds: 2).match?.assignments["STOPPING"] == "1")
    }

    @Test("--ready port waits for the port to accept; not ready within --ready-timeout is a failure that stops a --restart never formation")
    func portAndTimeout() async throws {
        let port = try FreePort.find()
        let workspace = try Workspace(procfile: """
            web: sleep 0.4; exec python3 -m http.server $PORT --bind 127.0.0.1
            mute: exec sleep 100

            """)
        let supervisor = try Self.start(workspace, ["-p", "\(port)", "-m", "web=1", "--ready", "web=port", "web"])
        #expect(await supervisor.waitFor("web.1 (pid"))
        #expect(await supervisor.waitFor("is ready after"), "\(supervisor.output)")
        let rows = try await Self.rows(in: workspace)
        #expect(rows["web.1"]?["state"] as? String == "ready")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)

        let silent = try Self.start(workspace, ["--ready", "mute=notify", "--ready-timeout", "0.5", "mute"])
        #expect(await silent.waitFor("not ready after 0.5s (--ready-timeout): sending SIGTERM"), "\(silent.output)")
        #expect(await silent.waitForExit() == 143)
    }

    @Test("a watchdog keep-alive missed: SIGABRT, then the restart policy restarts the instance")
    func watchdog() async throws {
        let workspace = try Workspace(procfile: """
            dog: systemd-notify --ready WATCHDOG_USEC=300000; exec sleep 100

            """)
        let supervisor = try Self.start(workspace, ["--ready", "dog=notify", "--restart", "always"])
        #expect(await supervisor.waitFor("no watchdog keep-alive for 0.3s (WATCHDOG_USEC): sending SIGABRT"), "\(supervisor.output)")
        #expect(await supervisor.waitFor("was killed by SIGABRT"), "\(supervisor.output)")
        #expect(await supervisor.waitFor("restarting dog.1"), "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("bad datagrams on the notify socket (garbage, unknown keys, a foreign sender) are ignored; the formation runs on")
    func badDatagrams() async throws {
        let workspace = try Workspace(procfile: """
            junk: printf 'READY=1\\nthis is no assignment' | socat - UNIX-SENDTO:$NOTIFY_SOCKET 2>/dev/null || python3 -c 'import os,socket; s=socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"READY=1\\nnot an assignment", os.environ["NOTIFY_SOCKET"]); s.sendto(b"\\xff\\xfe", os.environ["NOTIFY_SOCKET"])'; exec sleep 100

            """)
        let supervisor = try Self.start(workspace, ["--ready", "junk=notify"])
        #expect(await supervisor.waitFor("ignored a notify datagram from pid"), "\(supervisor.output)")
        // From outside the formation: this test's own process.
        let foreign = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = "\(workspace.path)/c.notify"
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (index, byte) in path.utf8.enumerated() { raw[index] = byte } }
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(foreign, "READY=1", 7, 0, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(foreign)
        #expect(sent == 7)
        #expect(await supervisor.waitFor("the sender is no process of this formation"), "\(supervisor.output)")
        let rows = try await Self.rows(in: workspace)
        #expect(rows["junk.1"]?["state"] as? String == "starting")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("--socket: every instance gets the same bound socket as fd 3 with its own LISTEN_PID; restarts never refuse a connection")
    func sharedSocket() async throws {
        let port = try FreePort.find()
        let server = GroupSafetyTests.peers.appendingPathComponent("fd3_server.py").path
        let workspace = try Workspace(procfile: "web: exec python3 \(server)\n", files: [".env": "HOST=127.0.0.1\n"])
        let supervisor = try Self.start(workspace, ["-p", "\(port)", "-m", "web=2", "--socket", "web"])
        #expect(await supervisor.waitFor("serving web on \(port)"), "\(supervisor.output)")
        for _ in 0..<100 where supervisor.output.components(separatedBy: "serving web on \(port)").count < 3 {
            try await Task.sleep(for: .milliseconds(50))
        }
        var pids: Set<String> = []
        for _ in 0..<40 {
            if let body = TCPPort.get(port: port) { pids.insert(body) }
        }
        #expect(pids.count == 2, "one port, both instances answer: \(pids)")
        let rows = try await Self.rows(in: workspace)
        #expect(rows["web.2"]?["port"] as? Int == port)

        // Requests all through a rolling restart: none refused.
        async let restarted = Self.control(["restart", "web"], in: workspace)
        var failures = 0
        var answered = 0
        let until = Date().addingTimeInterval(2)
        while Date() < until {
            if TCPPort.get(port: port) != nil { answered += 1 } else { failures += 1 }
        }
        let reply = try await restarted
        #expect(reply.status == 0)
        #expect(reply.output.contains("restarted in"), "\(reply.output)")
        #expect(failures == 0, "\(failures) of \(answered + failures) requests failed")
        #expect(await supervisor.waitFor("web.2: pid"), "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("a replacement that fails before it is ready aborts the roll: restart exits 1 saying why, the old runs keep serving")
    func abortedRoll() async throws {
        let workspace = try Workspace(procfile: """
            web: if [ -e broken ]; then echo broken; exit 3; fi; systemd-notify --ready; exec sleep 100

            """)
        let supervisor = try Self.start(workspace, ["-m", "web=2", "--socket", "web", "--ready", "web=notify", "-p", "\(try FreePort.find())"])
        #expect(await supervisor.waitFor("all 2 instances are ready"), "\(supervisor.output)")
        let before = try await Self.rows(in: workspace)
        try workspace.write("broken", "")
        let restart = try await Self.control(["restart", "web"], in: workspace)
        #expect(restart.status == 1)
        #expect(restart.output.contains("restart of web.1 aborted: the new run exited with status 3 before it was ready; the old run keeps serving; not restarted: web.2"), "\(restart.output)")
        let after = try await Self.rows(in: workspace)
        #expect(after["web.1"]?["pid"] as? Int == before["web.1"]?["pid"] as? Int)
        #expect(after["web.2"]?["pid"] as? Int == before["web.2"]?["pid"] as? Int)
        #expect(after["web.1"]?["state"] as? String == "ready")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}
