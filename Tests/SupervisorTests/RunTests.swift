import PeerSupport
import Foundation
import Testing

@Suite("supervisor run", .serialized, .ownThread)
struct RunTests {
    @Test("a Procfile type runs its command with the arguments appended, shell-quoted, in the layered environment")
    func procfileType() async throws {
        let workspace = try Workspace(
            procfile: "web: sleep 100\nbackup-job: printf '%s|' \"$GREETING\" \"$PS\"\n",
            files: [".env": "GREETING=hello from .env\n"])
        let supervisor = try RunningSupervisor(["run", "backup-job", "--restore-to", "it's a table", "$HOME"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.output == "hello from .env|backup-job.run|--restore-to|it's a table|$HOME|")
    }

    @Test("a plain command runs as given; its exit status is propagated", arguments: [
        ("exit 5", Int32(5)),
        ("kill -TERM $$", Int32(143)),
        ("true", Int32(0)),
    ])
    func plainCommand(command: String, expected: Int32) async throws {
        let workspace = try Workspace(procfile: "web: sleep 100\n")
        let supervisor = try RunningSupervisor(["run", command], in: workspace)
        #expect(await supervisor.waitForExit() == expected)
    }

    @Test("several words run as one command, each word quoted")
    func severalWords() async throws {
        let workspace = try Workspace(procfile: "web: sleep 100\n")
        let supervisor = try RunningSupervisor(["run", "printf", "<%s>", "a b", "c"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.output == "<a b><c>")
    }

    @Test("signals are forwarded to the process; its own exit status comes back")
    func forwardsSignals() async throws {
        let workspace = try Workspace(procfile: "job: trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.05; done\n")
        let supervisor = try RunningSupervisor(["run", "job"], in: workspace)
        #expect(await supervisor.waitFor("ready"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 7)
        #expect(supervisor.output == "ready\ngot TERM\n")
    }

    @Test("works without a Procfile for a plain command; background leftovers are stopped")
    func noProcfileAndLeftovers() async throws {
        let workspace = try Workspace(procfile: "web: sleep 100\n")
        try FileManager.default.removeItem(atPath: workspace.path + "/Procfile")
        let supervisor = try RunningSupervisor(["run", "-t", "1", "sleep 100 & echo started"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.output == "started\n")
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }
}

extension RunTests {
    @Test("job control: a child stopped by Ctrl-Z stops `run` too; fg continues both (under a pseudo-terminal)")
    func jobControl() async throws {
        // The leader stops itself as Ctrl-Z would stop it (SIGTSTP to the foreground group).
        let workspace = try Workspace(procfile: "stopper: echo started; kill -TSTP $$; echo resumed; exit 5\n")
        let peer = GroupSafetyTests.peers.appendingPathComponent("job_control.py").path
        let output = try await Shell.run(
            "FORMATION_TEST_TAG='\(workspace.tag)' timeout 60 python3 '\(peer)' '\(SupervisorBinary.path)' stopper", directory: workspace.path)
        // A failed run leaves the stopped child behind: not ours to keep.
        for pid in ProcessTable.pids(withTag: workspace.tag) { kill(pid, SIGKILL) }
        #expect(output.contains("started"), "\(output)")
        #expect(output.contains("[shell] job stopped by signal \(SIGTSTP)"), "\(output)")
        #expect(output.contains("resumed"), "\(output)")
        #expect(output.contains("[shell] job exited with 5"), "\(output)")
    }
}
