import PeerSupport
import Foundation
import Testing

/// The release phase and `--after` with real children: the order of the supervisor's own
/// events, the reverse stop order the children record, and the failure paths.
@Suite("supervisor start: release phase and dependencies", .serialized, .ownThread)
struct DependencyTests {
    /// `release` writes a marker; `web` is ready (notify) once the file `go` exists; `worker`
    /// says `worker up` once its trap is set and takes 0.3 s to leave at SIGQUIT; `clock` ticks
    /// and is restarted always.
    static let procfile = """
        release: echo migrated > release.marker; exit ${RELEASE_STATUS:-0}
        web: trap 'echo "web TERM" >> signals.log; exit 0' TERM; while [ ! -e go ]; do sleep 0.05; done; systemd-notify --ready; while :; do sleep 0.05; done
        worker: trap 'echo "worker QUIT" >> signals.log; sleep 0.3; echo "worker gone" >> signals.log; exit 0' QUIT; echo "worker up"; while :; do sleep 0.05; done
        clock: echo tick; sleep 0.2
        """

    static let options = [
        "--ready", "web=notify", "--after", "worker=web:ready", "--stop-signal", "worker=QUIT", "-t", "worker=3",
        "--restart", "clock=always", "--restart-delay", "0.05", "--restart-delay-max", "0.1", "--restart-limit", "1000/60",
    ]

    static func start(_ workspace: Workspace, _ arguments: [String]) throws -> RunningSupervisor {
        try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "--control", "\(workspace.path)/c.sock"] + arguments, in: workspace)
    }

    static func line(_ supervisor: RunningSupervisor, _ text: String) -> Int? {
        supervisor.lines.firstIndex { $0.contains(text) }
    }

    @Test("release exits 0 before web spawns; worker waits (status says for what) and spawns once web is ready; SIGTERM stops worker before web is signalled")
    func order() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try Self.start(workspace, Self.options)
        #expect(await supervisor.waitFor("spawned web.1"))
        #expect(await supervisor.waitFor("restarting clock.1"))
        let rows = try await ReadinessTests.rows(in: workspace)
        #expect(rows["worker.1"]?["state"] as? String == "waiting")
        #expect(rows["worker.1"]?["waiting_for"] as? [String] == ["web:ready"])
        #expect(rows["release.1"]?["state"] as? String == "exited")
        let table = try await ReadinessTests.control(["status"], in: workspace)
        #expect(table.output.contains("waits for web:ready"), "\(table.output)")
        let probe = try await ReadinessTests.control(["status", "--ready"], in: workspace)
        #expect(probe.status == 1 && probe.output.contains("not ready: web.1 is starting, worker.1 is waiting"), "a formation still waiting is not ready: \(probe.output)")
        #expect(!supervisor.output.contains("spawned worker.1"))
        try workspace.write("go", "")
        #expect(await supervisor.waitFor("spawned worker.1"))
        #expect(try workspace.read("release.marker") == "migrated\n")
        let released = Self.line(supervisor, "release.1 (pid"), webSpawned = Self.line(supervisor, "spawned web.1")
        let webReady = supervisor.lines.firstIndex { $0.contains("web.1 (pid") && $0.contains("is ready after") }, workerSpawned = Self.line(supervisor, "spawned worker.1")
        #expect(supervisor.output.contains("exited with status 0"))
        #expect((released ?? .max) < (webSpawned ?? .min), "\(supervisor.output)")
        #expect(webReady != nil, "\(supervisor.output)")
        #expect((webReady ?? .max) < (workerSpawned ?? .min), "\(supervisor.output)")
        #expect(supervisor.output.contains("worker.1 waits for release:succeeded, web:ready"))
        #expect(!supervisor.output.contains("sending SIGTERM"), "release's exit 0 stopped nothing")

        // Only once worker's trap is set (a signal before it would kill the shell outright).
        #expect(await supervisor.waitFor("worker up"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(try workspace.read("signals.log") == "worker QUIT\nworker gone\nweb TERM\n", "\(supervisor.output)")
        #expect(supervisor.output.contains("received SIGTERM (worker): sending SIGQUIT to 1 process group (grace period 3s)"))
        #expect(supervisor.output.contains("received SIGTERM, dependents gone (web): sending SIGTERM to 1 process group (grace period 5s)"))
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("release exits 3: nothing else starts, one line says so, start exits 3")
    func releaseFails() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "RELEASE_STATUS=3\n"])
        let supervisor = try Self.start(workspace, Self.options)
        #expect(await supervisor.waitForExit() == 3)
        #expect(supervisor.output.contains("web, worker and clock wait for release:succeeded, which exited with status 3: they do not start"), "\(supervisor.output)")
        #expect(supervisor.lines.filter { $0.contains("spawned") }.count == 1, "\(supervisor.output)")
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/signals.log"))
    }

    @Test("--no-release and release=0 skip it; supervisor run release runs it by hand")
    func skipRelease() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "RELEASE_STATUS=3\n"])
        for skip in [["--no-release"], ["-m", "release=0,web=1,worker=1,clock=1"]] {
            let supervisor = try Self.start(workspace, skip + ["--restart", "clock=always"])
            #expect(await supervisor.waitFor("spawned clock.1"))
            #expect(!supervisor.output.contains("release"), "\(supervisor.output)")
            supervisor.signal(SIGTERM)
            #expect(await supervisor.waitForExit() == 0)
        }
        let run = try RunningSupervisor(["run", "release"], in: workspace)
        #expect(await run.waitForExit() == 3)
        #expect(try workspace.read("release.marker") == "migrated\n")
    }

    @Test("web not ready in time: worker's line names the chain, and the formation stops")
    func dependencyTimesOut() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try Self.start(workspace, Self.options + ["--ready-timeout", "0.5", "--no-release"])
        // (web leaves at its SIGTERM with status 0: the formation's status is web's.)
        #expect(await supervisor.waitForExit() != nil)
        #expect(supervisor.output.contains("worker waits for web:ready, which was stopped: not ready after 0.5s (--ready-timeout): it does not start"), "\(supervisor.output)")
        #expect(!supervisor.output.contains("spawned worker.1"))
    }

    @Test("a cycle and a dependency on an unknown type: both at once, exit 78; check prints each type's dependencies")
    func configuration() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "FORMATION_AFTER=web=worker:started\n"])
        let supervisor = try Self.start(workspace, ["--after", "worker=web:ready+db:ready"])
        #expect(await supervisor.waitForExit() == 78)
        #expect(supervisor.errorOutput.contains(#"--after "worker=web:ready+db:ready": worker waits for db:ready, but the Procfile has no type "db""#), "\(supervisor.errorOutput)")
        // The variable's part names where the .env file set it (line 1, the value at column 17).
        #expect(supervisor.errorOutput.contains(#"--after "worker=web:ready+db:ready" and FORMATION_AFTER ("#), "\(supervisor.errorOutput)")
        #expect(supervisor.errorOutput.contains(#"/.env:1:17) "web=worker:started": a cycle never starts: web waits for worker, worker waits for web"#), "\(supervisor.errorOutput)")
        #expect(supervisor.output.isEmpty)

        let plain = try Workspace(procfile: Self.procfile)
        let check = try RunningSupervisor(["check", "--after", "clock=web:started"], in: plain)
        #expect(await check.waitForExit() == 0)
        #expect(check.lines.contains { $0.hasPrefix("  clock") && $0.hasSuffix("release:succeeded web:started") }, "\(check.output)")
        #expect(check.lines.contains { $0.hasPrefix("  release") && $0.hasSuffix("  -") }, "\(check.output)")
        let json = try RunningSupervisor(["check", "--json", "--after", "clock=web:started"], in: plain)
        #expect(await json.waitForExit() == 0)
        #expect(json.output.contains(#""after":["release:succeeded","web:started"]"#))
    }
}
