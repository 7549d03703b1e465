import PeerSupport
import Foundation
import Testing

@Suite("supervisor start: stopping, signals and exit statuses", .serialized, .ownThread)
struct StopAndSignalTests {
    @Test("SIGTERM reaches grandchildren in the process group; an idle formation stops at once")
    func grandchildrenStop() async throws {
        let workspace = try Workspace(procfile: """
            web: sh -c 'sleep 100 & wait'
            worker: sh -c 'sleep 100 & sleep 100 & wait'
            """)
        let supervisor = try RunningSupervisor(["start", "-t", "30", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("spawned worker.1"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(ProcessTable.pids(withTag: workspace.tag).count >= 5)
        let began = Date()
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(Date().timeIntervalSince(began) < 10, "an idle formation does not wait for the 30 s grace period")
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
        #expect(supervisor.output.contains("received SIGTERM: sending SIGTERM to 2 process groups"))
    }

    @Test("a child that traps SIGTERM is SIGKILLed after the grace period; the status says so")
    func graceThenKill() async throws {
        let workspace = try Workspace(procfile: """
            stubborn: trap 'echo ignoring TERM' TERM; while :; do sleep 0.05; done
            polite: sleep 100
            """)
        let supervisor = try RunningSupervisor(["start", "-t", "1", "--no-color", "--no-timestamps"], in: workspace)
        #expect(await supervisor.waitFor("spawned polite.1"))
        try await Task.sleep(for: .milliseconds(200))
        let began = Date()
        supervisor.signal(SIGINT)
        #expect(await supervisor.waitForExit() == 137)
        #expect(Date().timeIntervalSince(began) >= 1)
        #expect(supervisor.output.contains("stubborn.1 | ignoring TERM"))
        #expect(supervisor.output.contains("still running after 1s: sending SIGKILL"))
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("a second SIGINT escalates to SIGKILL at once")
    func secondInterrupt() async throws {
        let workspace = try Workspace(procfile: "stubborn: trap '' TERM INT; while :; do sleep 0.05; done\n")
        let supervisor = try RunningSupervisor(["start", "-t", "60", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("spawned stubborn.1"))
        try await Task.sleep(for: .milliseconds(200))
        supervisor.signal(SIGINT)
        #expect(await supervisor.waitFor("received SIGINT"))
        let began = Date()
        supervisor.signal(SIGINT)
        #expect(await supervisor.waitForExit() == 137)
        #expect(Date().timeIntervalSince(began) < 30)
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("a child's exit stops the formation with that status", arguments: [
        ("exit 3", Int32(3)),
        ("exit 0", Int32(0)),
        ("kill -USR1 $$", Int32(128 + 10)),
        ("kill -KILL $$", Int32(128 + 9)),
    ])
    func exitStatusPropagates(command: String, expected: Int32) async throws {
        let workspace = try Workspace(procfile: "quitter: sleep 0.3; \(command)\nworker: sleep 100\n")
        let supervisor = try RunningSupervisor(["start", "--no-color"], in: workspace)
        #expect(await supervisor.waitForExit() == expected)
        #expect(supervisor.output.contains("sending SIGTERM to 1 process group"))
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("SIGUSR1 and SIGUSR2 are forwarded to every group")
    func forwardsUserSignals() async throws {
        let workspace = try Workspace(procfile: """
            web: trap 'echo got USR1' USR1; trap 'echo got USR2' USR2; while :; do sleep 0.05; done
            """)
        let supervisor = try RunningSupervisor(["start", "-m", "web=2", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("spawned web.2"))
        try await Task.sleep(for: .milliseconds(300))
        supervisor.signal(SIGUSR1)
        #expect(await supervisor.waitFor("web.2      | got USR1"))
        #expect(await supervisor.waitFor("web.1      | got USR1"))
        supervisor.signal(SIGUSR2)
        #expect(await supervisor.waitFor("web.1      | got USR2"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("nothing is left behind when the supervisor itself is SIGKILLed")
    func supervisorKilled() async throws {
        let workspace = try Workspace(procfile: """
            web: sh -c 'sleep 100 & wait'
            stubborn: sh -c 'trap "" TERM; sleep 100 & wait'
            daemon: sh -c 'setsid sleep 100 & wait'
            """)
        let supervisor = try RunningSupervisor(["start", "-t", "1", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("spawned daemon.1"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(ProcessTable.pids(withTag: workspace.tag).count >= 6)
        supervisor.signal(SIGKILL)
        _ = await supervisor.waitForExit()
        // The watchdog sends SIGTERM, then SIGKILL after the 1 s grace period. The `setsid`
        // daemon left every group we know; PDEATHSIG does not reach it either. Only its
        // parent shell's death… is not enough: so it is the one known gap (see docs/cli.md).
        let survivors = await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5)
        let commands = survivors.compactMap { try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8) }
        #expect(commands.allSatisfy { $0.hasPrefix("sleep") }, "only the setsid daemon may survive: \(commands)")
        #expect(survivors.count <= 1)
        for pid in survivors { kill(pid, SIGKILL) }
    }

    @Test("a setsid daemon re-parented to the supervisor is stopped with the rest")
    func subreaperStopsEscapedDaemons() async throws {
        let workspace = try Workspace(procfile: "web: setsid sleep 100 & sleep 100\n")
        let supervisor = try RunningSupervisor(["start", "-t", "2", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("spawned web.1"))
        try await Task.sleep(for: .milliseconds(300))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }
}
