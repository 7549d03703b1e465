import AppTestSupport
import Foundation
import Testing

/// Health checks end to end: real servers that hang or close their port, real `exec` checks
/// that hang past their timeout, the supervisor's own process table and descriptors.
@Suite("supervisor start --check", .serialized, .ownThread)
struct HealthCheckTests {
    /// Serves `HTTP/1.1 200` on $PORT (or the socket passed as fd 3). The instance named by $HANG (once per workspace: it
    /// leaves a mark) answers `HANG_AFTER` requests, then accepts and never replies while its
    /// port stays open; with $CLOSE_AFTER it instead closes its listening socket after that
    /// many connections and sleeps on.
    static let server = """
        import os, socket, sys, time
        port = int(os.environ["PORT"])
        me = os.environ["PS"]
        mark = "hung-" + me
        misbehave = os.environ.get("HANG") == me and not os.path.exists(mark)
        limit = int(os.environ.get("HANG_AFTER") or os.environ.get("CLOSE_AFTER") or "0")
        if os.environ.get("LISTEN_FDS") == "1" and os.environ.get("LISTEN_PID") == str(os.getpid()):
            listener = socket.socket(fileno=3)
        else:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(64)
        served, held = 0, []
        while True:
            connection, _ = listener.accept()
            if misbehave and served >= limit:
                open(mark, "w").close()
                if os.environ.get("CLOSE_AFTER"):
                    connection.close()
                    listener.close()
                    print("closed my port", flush=True)
                    time.sleep(1000)
                print("hanging", flush=True)
                held.append(connection)
                continue
            served += 1
            connection.settimeout(2)
            try:
                connection.recv(4096)
                connection.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")
            except OSError:
                pass
            connection.close()

        """

    static func start(_ workspace: Workspace, _ arguments: [String], environment: [String: String] = [:]) throws -> RunningSupervisor {
        try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "--control", "\(workspace.path)/c.sock"] + arguments,
            in: workspace, environment: environment)
    }

    /// The pids `spawned NAME (pid N, ...)` lines gave the instance, in order.
    static func pids(of name: String, in output: String) -> [Int32] {
        output.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "spawned \(name) (pid ") else { return nil }
            return Int32(line[range.upperBound...].prefix { $0.isNumber })
        }
    }

    static func statusRows(_ workspace: Workspace) async throws -> [String: [String: Any]] {
        let client = try RunningSupervisor(["status", "--json", "--control", "\(workspace.path)/c.sock"], in: workspace)
        _ = await client.waitForExit(seconds: 15)
        let object = try JSONSerialization.jsonObject(with: Data(client.output.utf8)) as? [String: Any]
        let instances = object?["instances"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: instances.compactMap { row in (row["name"] as? String).map { ($0, row) } })
    }

    @Test("an http check restarts the instance that accepts and never answers; its neighbour keeps its pid and answers meanwhile")
    func hungInstance() async throws {
        let port = try FreePort.block(2)
        let workspace = try Workspace(procfile: "web: exec python3 -u server.py\n", files: ["server.py": Self.server])
        let supervisor = try Self.start(
            workspace,
            ["-p", "\(port)", "-m", "web=2", "--restart", "always", "--check", "web=http:/", "--check-interval", "1", "--check-timeout", "1",
             "--check-failures", "2"],
            environment: ["HANG": "web.1", "HANG_AFTER": "3"])
        #expect(await supervisor.waitFor("all 2 instances are ready", seconds: 30), "\(supervisor.output)")
        let neighbour = Self.pids(of: "web.2", in: supervisor.output)
        // While web.1 hangs, is found out and restarted, web.2 answers every request.
        var answered = 0
        var refused = 0
        let deadline = Date().addingTimeInterval(60)
        while Self.pids(of: "web.1", in: supervisor.output).count < 2 && Date() < deadline {
            if TCPPort.get(port: port + 1) == "ok" { answered += 1 } else { refused += 1 }
            try await Task.sleep(for: .milliseconds(100))
        }
        let runs = Self.pids(of: "web.1", in: supervisor.output)
        #expect(runs.count == 2, "\(supervisor.output)")
        #expect(answered > 0 && refused == 0, "web.2 answered \(answered), failed \(refused)")
        #expect(supervisor.output.contains("web.1: health check http:/ failed 2 times in a row (last: timed out after 1s); stopping pid \(runs.first ?? 0) (SIGTERM)"), "\(supervisor.output)")
        #expect(supervisor.output.contains("hanging"))
        // The new run is ready again (its check passes) and answers; web.2 was never touched.
        #expect(await supervisor.waitFor("web.1 (pid \(runs.last ?? 0)) is ready after", seconds: 30), "\(supervisor.output)")
        #expect(TCPPort.get(port: port) == "ok")
        #expect(Self.pids(of: "web.2", in: supervisor.output) == neighbour && neighbour.count == 1)
        #expect(!supervisor.output.contains("web.2: health check") && !supervisor.output.contains("restarting web.2"))
        let rows = try await Self.statusRows(workspace)
        #expect(rows["web.2"]?["check"] as? String == "ok", "\(rows)")
        #expect(rows["web.1"]?["restarts"] as? Int == 1)
        let table = try RunningSupervisor(["status", "--control", "\(workspace.path)/c.sock"], in: workspace)
        _ = await table.waitForExit(seconds: 15)
        #expect(table.output.contains("check ok"), "\(table.output)")

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5).isEmpty)
    }

    @Test("a tcp check restarts an instance that closed its listening socket")
    func closedPort() async throws {
        let port = try FreePort.find()
        let workspace = try Workspace(procfile: "web: exec python3 -u server.py\n", files: ["server.py": Self.server])
        let supervisor = try Self.start(
            workspace,
            ["-p", "\(port)", "--restart", "on-failure", "--check", "web=tcp", "--check-interval", "1", "--check-failures", "2"],
            environment: ["HANG": "web.1", "CLOSE_AFTER": "2"])
        #expect(await supervisor.waitFor("closed my port", seconds: 30), "\(supervisor.output)")
        #expect(await supervisor.waitFor("web.1: health check tcp failed 2 times in a row (last: connect: Connection refused (ECONNREFUSED))", seconds: 30), "\(supervisor.output)")
        #expect(await supervisor.waitFor("restarting web.1"), "\(supervisor.output)")
        let deadline = Date().addingTimeInterval(30)
        while Self.pids(of: "web.1", in: supervisor.output).count < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let runs = Self.pids(of: "web.1", in: supervisor.output)
        #expect(runs.count == 2 && runs[0] != runs[1], "\(supervisor.output)")
        #expect(await supervisor.waitFor("web.1 (pid \(runs.last ?? 0)) is ready after", seconds: 30), "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("--after worker=web:ready waits for web's first successful check")
    func readinessGatesDependents() async throws {
        let port = try FreePort.find()
        let workspace = try Workspace(
            procfile: """
                web: sleep 1.5; exec python3 -u server.py
                worker: echo working; exec sleep 100

                """,
            files: ["server.py": Self.server])
        let supervisor = try Self.start(workspace, ["-p", "\(port)", "--check", "web=http:/", "--after", "worker=web:ready"])
        #expect(await supervisor.waitFor("working", seconds: 30), "\(supervisor.output)")
        let output = supervisor.output
        let ready = try #require(output.range(of: "web.1 (pid"), "\(output)")
        let readyLine = try #require(output.range(of: ") is ready after", range: ready.upperBound..<output.endIndex), "\(output)")
        let spawned = try #require(output.range(of: "spawned worker.1"), "\(output)")
        #expect(output.contains("worker.1 waits for web:ready"))
        #expect(readyLine.upperBound < spawned.lowerBound, "\(output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("a rolling restart with --socket promotes each replacement at its first successful check (an exec check in the instance's environment)")
    func rollingRestart() async throws {
        let port = try FreePort.find()
        let workspace = try Workspace(procfile: "web: exec python3 -u server.py\n", files: ["server.py": Self.server])
        let supervisor = try Self.start(
            workspace, ["-p", "\(port)", "-m", "web=2", "--socket", "web", "--check", "web=exec:test \"$PORT\" = \"\(port)\" && test \"$PS\" != \"\""])
        #expect(await supervisor.waitFor("all 2 instances are ready", seconds: 30), "\(supervisor.output)")
        let client = try RunningSupervisor(["restart", "web", "--control", "\(workspace.path)/c.sock"], in: workspace)
        #expect(await client.waitForExit(seconds: 60) == 0, "\(client.output)\(client.errorOutput)")
        #expect(client.output.contains("restarted in"), "\(client.output)")
        for name in ["web.1", "web.2"] {
            let runs = Self.pids(of: name, in: supervisor.output)
            #expect(runs.count == 2, "\(supervisor.output)")
            #expect(supervisor.output.contains("\(name): pid \(runs.last ?? 0) is ready after"), "\(supervisor.output)")
        }
        #expect(TCPPort.get(port: port) == "ok")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("--ready TYPE=check needs a check; --check TYPE=tcp with --socket TYPE is refused")
    func configurationErrors() async throws {
        let workspace = try Workspace(procfile: "web: sleep 100\n")
        let missing = try RunningSupervisor(["start", "--control", "none", "--ready", "web=check"], in: workspace)
        #expect(await missing.waitForExit() != 0)
        #expect(missing.errorOutput.contains("--ready web=check needs a health check of web"), "\(missing.errorOutput)")
        let tcp = try RunningSupervisor(["start", "--control", "none", "--socket", "web", "--check", "web=tcp"], in: workspace)
        #expect(await tcp.waitForExit() != 0)
        #expect(tcp.errorOutput.contains("--check web=tcp cannot tell anything with --socket web"), "\(tcp.errorOutput)")
    }

    @Test("the supervisor killed outright while an exec check runs: the watchdog kills the check's whole group too")
    func killedSupervisor() async throws {
        let workspace = try Workspace(procfile: "web: exec sleep 1000\n")
        let supervisor = try Self.start(
            workspace, ["--ready", "web=started", "--check", "web=exec:sleep 31 & exec sleep 32", "--check-timeout", "30", "--check-failures", "1000"])
        func background() -> [Int32] {
            ProcessTable.pids(withTag: workspace.tag).filter { pid in
                (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) == "sleep\u{0}31\u{0}"
            }
        }
        let deadline = Date().addingTimeInterval(20)
        while background().isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!background().isEmpty, "\(supervisor.output)")
        supervisor.signal(SIGKILL)
        _ = await supervisor.waitForExit()
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 10).isEmpty)
    }

    /// The supervisor's descriptors.
    static func descriptors(of pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count ?? -1
    }

    /// The supervisor's children: (pid, state, command name).
    static func children(of parent: Int32) -> [(pid: Int32, state: Character, name: String)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.compactMap { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            guard fields.count > 1, Int32(fields[1]) == parent, let state = fields[0].first else { return nil }
            return (pid, state, String(stat[stat.index(after: open)..<close]))
        }
    }

    @Test("1,000 exec checks that hang past their timeout are killed and reaped: no zombie stays, the descriptors stay flat")
    func execChecksReaped() async throws {
        let count = 50
        let workspace = try Workspace(procfile: "web: exec sleep 1000\n")
        try FileManager.default.createDirectory(atPath: "\(workspace.path)/checks", withIntermediateDirectories: true)
        let supervisor = try Self.start(
            workspace,
            ["-m", "web=\(count)", "--ready", "web=started", "--check", "web=exec:echo $PS >> checks/$PS; exec sleep 60", "--check-interval", "1",
             "--check-timeout", "1", "--check-failures", "1000"])
        #expect(await supervisor.waitFor("spawned web.\(count) ", seconds: 30), "\(supervisor.output)")
        func checksStarted() -> Int {
            (1...count).reduce(0) { sum, index in
                sum + ((try? workspace.read("checks/web.\(index)"))?.split(separator: "\n").count ?? 0)
            }
        }
        let deadline = Date().addingTimeInterval(180)
        while checksStarted() < 2 * count && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let early = Self.descriptors(of: supervisor.pid)
        var most = 0
        while checksStarted() < 1_000 + count && Date() < deadline {
            // At most one check per instance at a time: every other one was killed and reaped.
            most = max(most, Self.children(of: supervisor.pid).filter { $0.state != "Z" }.count)
            try await Task.sleep(for: .milliseconds(250))
        }
        let started = checksStarted()
        #expect(started >= 1_000 + count, "only \(started) checks started")
        #expect(!supervisor.output.contains("health check exec"), "a check verdict: \(supervisor.output.suffix(2000))")
        let late = Self.descriptors(of: supervisor.pid)
        #expect(late <= early + 2, "descriptors: \(early) after \(2 * count) checks, \(late) after \(started)")
        // Instances, the watchdog, at most one check per instance, and a few killed this very
        // moment that have not finished exiting (a leak would add 50 a second).
        #expect(most <= 2 * count + 1 + 10, "children at once: \(most)")
        // Zombies come and go within a turn of the loop; one seen twice a second apart was never reaped.
        let first = Set(Self.children(of: supervisor.pid).filter { $0.state == "Z" }.map(\.pid))
        try await Task.sleep(for: .seconds(1))
        let second = Set(Self.children(of: supervisor.pid).filter { $0.state == "Z" }.map(\.pid))
        #expect(first.intersection(second).isEmpty, "zombies left: \(first.intersection(second))")
        // No check process outlives its timeout (1 s): none seen twice 2 s apart.
        func checkProcesses() -> Set<Int32> {
            Set(ProcessTable.pids(withTag: workspace.tag).filter { pid in
                (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) == "sleep\u{0}60\u{0}"
            })
        }
        let before = checkProcesses()
        try await Task.sleep(for: .seconds(2))
        let after = checkProcesses()
        #expect(!before.isEmpty && before.intersection(after).isEmpty, "check processes alive for 2 s: \(before.intersection(after))")

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit(seconds: 30) == 0, "\(supervisor.output.suffix(2000))")
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5).isEmpty)
    }
}
