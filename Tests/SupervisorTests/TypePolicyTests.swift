import PeerSupport
import Foundation
import Testing

/// Each type's own stop signal, grace period and restart policy with real children, from the
/// command line and from .env.
@Suite("supervisor start: per-type stop signal, grace period and restart", .serialized, .ownThread)
struct TypePolicyTests {
    /// `web` leaves at its first signal; `worker` records its signal and keeps running.
    static let procfile = """
        web: trap 'echo "web TERM" >> signals.log; exit 0' TERM; trap 'echo "web QUIT" >> signals.log; exit 0' QUIT; while :; do sleep 0.05; done
        worker: trap 'echo "worker QUIT" >> signals.log' QUIT; trap 'echo "worker TERM" >> signals.log' TERM; while :; do sleep 0.05; done
        """

    @Test("one SIGTERM: web gets SIGTERM and is gone at once, worker gets SIGQUIT and SIGKILL only after its own 2 s", arguments: [
        (["--stop-signal", "worker=QUIT", "-t", "1", "--timeout", "worker=2"], [String: String]()),
        ([], [".env": "FORMATION_STOP_SIGNAL=worker=SIGQUIT\nFORMATION_TIMEOUT=1,worker=2\n"]),
    ])
    func ownSignalAndGrace(arguments: [String], files: [String: String]) async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: files)
        let supervisor = try RunningSupervisor(["start", "--no-color", "--no-timestamps"] + arguments, in: workspace)
        #expect(await supervisor.waitFor("spawned worker.1"))
        try await Task.sleep(for: .milliseconds(300))
        let began = Date()
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 137)
        let stopped = Date().timeIntervalSince(began)
        #expect(stopped >= 2 && stopped < 10, "worker was killed after its own 2 s: \(stopped)")
        // web left at its SIGTERM: its exit comes before the worker's SIGKILL (an order, not a time).
        let webExit = supervisor.lines.firstIndex { $0.contains("web.1 (pid") }
        let workerKill = supervisor.lines.firstIndex { $0.contains("still running after 2s: sending SIGKILL") }
        #expect(webExit != nil && workerKill != nil && webExit ?? .max < workerKill ?? .min, "\(supervisor.output)")
        let log = try workspace.read("signals.log").split(separator: "\n").map(String.init)
        #expect(Set(log) == ["web TERM", "worker QUIT"])
        #expect(supervisor.output.contains("received SIGTERM (web): sending SIGTERM to 1 process group (grace period 1s)"))
        #expect(supervisor.output.contains("received SIGTERM (worker): sending SIGQUIT to 1 process group (grace period 2s)"))
        #expect(supervisor.output.contains("worker.1 (pid"))
        #expect(supervisor.output.contains("still running after 2s: sending SIGKILL"))
        #expect(!supervisor.lines.contains { $0.contains("web.1") && $0.contains("SIGKILL") }, "web was not killed")
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("the supervisor SIGKILLed: the watchdog gives web SIGTERM and worker SIGQUIT, and SIGKILL to worker only after its own 2 s")
    func watchdogPerType() async throws {
        // With the supervisor gone its pipes are broken: a shell reporting its killed `sleep` on
        // stderr would die of SIGPIPE before its trap, so these write nowhere but signals.log.
        let quiet = Self.procfile.split(separator: "\n").map { $0.replacingOccurrences(of: ": trap", with: ": exec >/dev/null 2>&1; trap") }
        let workspace = try Workspace(procfile: quiet.joined(separator: "\n"))
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--stop-signal", "worker=QUIT", "-t", "1", "--timeout", "worker=2"], in: workspace)
        #expect(await supervisor.waitFor("spawned worker.1"))
        try await Task.sleep(for: .milliseconds(300))
        supervisor.signal(SIGKILL)
        _ = await supervisor.waitForExit()
        try await Task.sleep(for: .milliseconds(500))
        // Half a second in: web left at its SIGTERM; worker, which only records SIGQUIT, is alive.
        #expect(!ProcessTable.pids(withTag: workspace.tag).isEmpty, "worker was killed before its grace period")
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 6).isEmpty)
        let log = try workspace.read("signals.log").split(separator: "\n").map(String.init)
        #expect(Set(log) == ["web TERM", "worker QUIT"])
    }

    @Test("the command line wins over .env, setting by setting")
    func commandLineWins() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: [".env": "FORMATION_STOP_SIGNAL=worker=TERM,web=QUIT\n"])
        let supervisor = try RunningSupervisor(["start", "--no-color", "--stop-signal", "worker=QUIT", "-t", "worker=0.5"], in: workspace)
        #expect(await supervisor.waitFor("spawned worker.1"))
        try await Task.sleep(for: .milliseconds(300))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 137)
        let log = try workspace.read("signals.log").split(separator: "\n").map(String.init)
        #expect(Set(log) == ["web QUIT", "worker QUIT"])
    }

    @Test("--restart never --restart clock=always,release=never: the clock is restarted, the one-shot's exit 0 stops nothing")
    func restartPerType() async throws {
        let workspace = try Workspace(procfile: """
            release: echo migrated
            clock: echo tick; sleep 0.1
            web: sleep 100
            """)
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--restart", "never", "--restart", "clock=always,release=never",
             "--restart-delay", "0.05", "--restart-delay-max", "0.1", "--restart-limit", "1000/60"],
            in: workspace)
        #expect(await supervisor.waitFor("| migrated"))
        #expect(await supervisor.waitFor("release.1 (pid"))
        #expect(await supervisor.waitFor("restarting clock.1"))
        #expect(await supervisor.waitFor("(attempt 3)"))
        #expect(supervisor.output.contains("exited with status 0"))
        #expect(!supervisor.output.contains("sending SIGTERM"), "nothing stopped the formation")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("bad values and unknown types: one line each, naming the option or variable, all at once, exit 78")
    func problems() async throws {
        let workspace = try Workspace(procfile: "web: sleep 100\n", files: [".env": "FORMATION_RESTART=web=sometimes\n"])
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--stop-signal", "KILL", "--stop-signal", "nope=QUIT,web=WHAT", "-t", "web=-1"], in: workspace)
        #expect(await supervisor.waitForExit() == 78)
        let lines = supervisor.errorOutput.split(separator: "\n").map(String.init)
        // The variable's problem begins with where the .env file set it (line 1, the value at column 19).
        #expect(lines.first?.hasSuffix(#"/.env:1:19: FORMATION_RESTART "web=sometimes": "sometimes" is not a restart policy; use never, on-failure or always, e.g. FORMATION_RESTART=clock=always"#) == true, "\(lines)")
        #expect(Array(lines.dropFirst()) == [
            #"supervisor: --stop-signal "KILL": SIGKILL cannot stop a run gracefully (it cannot be caught); use a catchable signal such as TERM, INT or QUIT"#,
            #"supervisor: --stop-signal "nope=QUIT" names the type "nope", which the Procfile does not have; the Procfile's types are web"#,
            #"supervisor: --stop-signal "web=WHAT": "WHAT" is not a signal; use a name (QUIT or SIGQUIT) or a number from 1 to 64, e.g. --stop-signal worker=QUIT"#,
            #"supervisor: --timeout "web=-1": the grace period must be a number of seconds from 0 to 86400, e.g. --timeout worker=30"#,
        ])
        #expect(supervisor.output.isEmpty)
    }

    @Test("check prints each type's effective policy, and --json carries it")
    func check() async throws {
        let workspace = try Workspace(procfile: "web: ./web\nworker: ./worker\n", files: [".env": "FORMATION_TIMEOUT=worker=30\n"])
        let text = try RunningSupervisor(["check", "--stop-signal", "worker=QUIT", "--restart", "web=on-failure"], in: workspace)
        #expect(await text.waitForExit() == 0)
        #expect(text.lines.contains("  process  restart     stop signal  grace period  after"))
        #expect(text.lines.contains("  web      on-failure  SIGTERM      5s            -"))
        #expect(text.lines.contains("  worker   never       SIGQUIT      30s           -"))
        let json = try RunningSupervisor(["check", "--json", "-t", "2.5"], in: workspace)
        #expect(await json.waitForExit() == 0)
        #expect(json.output.contains(#""name":"web","command":"./web","instances":[{"name":"web.1","port":5000}],"policy":{"restart":"never","stop_signal":"SIGTERM","grace_period_seconds":2.5,"after":[]}}"#))
        #expect(json.output.contains(#""policy":{"restart":"never","stop_signal":"SIGTERM","grace_period_seconds":30,"after":[]}"#))
    }
}

extension TypePolicyTests {
    /// (SIGUSR1: a shell's background job ignores SIGQUIT and SIGINT, and cannot trap them.)
    @Test("supervisor run TYPE stops what the run leaves behind with the type's stop signal and grace period (.env)")
    func oneOff() async throws {
        let workspace = try Workspace(
            procfile: """
                job: sh -c 'trap "echo USR1 >> signals.log" USR1; trap "echo TERM >> signals.log" TERM; while :; do sleep 0.05; done' & sleep 0.3; echo started
                """,
            files: [".env": "FORMATION_STOP_SIGNAL=job=USR1\nFORMATION_TIMEOUT=job=1\n"])
        let began = Date()
        let supervisor = try RunningSupervisor(["run", "job"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let took = Date().timeIntervalSince(began)
        #expect(supervisor.output == "started\n")
        #expect(took >= 1 && took < 5, "the leftover ignored SIGUSR1 and was killed after the type's 1 s: \(took)")
        // USR1 to its group, and again as a stray re-parented to the supervisor: never TERM.
        #expect(Set(try workspace.read("signals.log").split(separator: "\n")) == ["USR1"])
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }
}
