import PeerSupport
import Foundation
import Testing

@Suite("supervisor start --restart", .serialized, .ownThread)
struct RestartTests {
    @Test("on-failure restarts with doubling delays, then gives up at the 11th start within 60 s, with the last status")
    func backoffAndGiveUp() async throws {
        let workspace = try Workspace(procfile: "flaky: echo run; exit 4\nsteady: sleep 100\n")
        let supervisor = try RunningSupervisor(
            ["start", "--restart", "on-failure", "--restart-delay", "0.02", "--restart-delay-max", "0.1", "--no-color"],
            in: workspace)
        #expect(await supervisor.waitForExit(seconds: 30) == 4)
        let output = supervisor.output
        #expect(output.components(separatedBy: "flaky.1    | run").count - 1 == 10)
        #expect(output.contains("restarting flaky.1 in 20ms (attempt 2)"))
        #expect(output.contains("restarting flaky.1 in 40ms (attempt 3)"))
        #expect(output.contains("restarting flaky.1 in 0.1s (attempt 5)"))
        #expect(output.contains("(attempt 10)"))
        #expect(!output.contains("(attempt 11)"))
        #expect(output.contains("flaky.1 reached the restart limit of 10 starts within 60s (last run exited with status 4): giving up, the formation stops (--restart-limit 10/60)"))
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("the default delays are 0.5 s, then 1 s, then 2 s")
    func defaultDelays() async throws {
        let workspace = try Workspace(procfile: "flaky: exit 1\n")
        let supervisor = try RunningSupervisor(["start", "--restart", "always", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("restarting flaky.1 in 2s (attempt 4)", seconds: 10))
        #expect(supervisor.output.contains("restarting flaky.1 in 0.5s (attempt 2)"))
        #expect(supervisor.output.contains("restarting flaky.1 in 1s (attempt 3)"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("on-failure does not restart a clean exit; when every process finished, the formation ends with 0")
    func onFailureCleanExit() async throws {
        let workspace = try Workspace(procfile: "once: echo done\ntwice: sleep 0.3; echo done too\n")
        let supervisor = try RunningSupervisor(["start", "--restart", "on-failure", "--no-color"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(!supervisor.output.contains("restarting"))
        #expect(supervisor.output.contains("once.1     | done"))
        #expect(supervisor.output.contains("twice.1    | done too"))
    }

    @Test("always: clean exits that hit the restart limit end the supervisor with 1, not 0")
    func alwaysGivesUpNonZero() async throws {
        let workspace = try Workspace(procfile: "tick: sleep 0.2\nsteady: sleep 100\n")
        let supervisor = try RunningSupervisor(
            ["start", "--restart", "always", "--restart-delay", "0.05", "--restart-delay-max", "0.05", "--no-color"], in: workspace)
        #expect(await supervisor.waitForExit(seconds: 30) == 1)
        #expect(supervisor.output.contains("tick.1 reached the restart limit of 10 starts within 60s (last run exited with status 0): giving up"))
        #expect(supervisor.output.contains("(attempt 10)"))
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 2).isEmpty)
    }

    @Test("--restart-limit counts starts within its window only: runs 0.25 s apart never reach 3 within 0.3 s")
    func limitWindow() async throws {
        let workspace = try Workspace(procfile: "tick: sleep 0.2\n")
        let supervisor = try RunningSupervisor(
            ["start", "--restart", "always", "--restart-delay", "0.05", "--restart-delay-max", "0.05", "--restart-limit", "3/0.3", "--no-color"],
            in: workspace)
        #expect(await supervisor.waitFor("(attempt 6)", seconds: 20))
        #expect(!supervisor.output.contains("giving up"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("a malformed --restart-limit is refused with one line naming the flag")
    func malformedLimit() async throws {
        let workspace = try Workspace(procfile: "tick: sleep 0.2\n")
        let supervisor = try RunningSupervisor(["start", "--restart", "always", "--restart-limit", "10"], in: workspace)
        #expect(await supervisor.waitForExit() == 64)
        #expect(supervisor.errorOutput.contains("--restart-limit must be N/SECONDS"))
    }

    @Test("always restarts a clean exit too")
    func alwaysRestartsCleanExit() async throws {
        let workspace = try Workspace(procfile: "tick: echo tick\n")
        let supervisor = try RunningSupervisor(
            ["start", "--restart", "always", "--restart-delay", "0.05", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("(attempt 3)"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}

extension RestartTests {
    @Test("a thousand restarts do not grow the supervisor: the output caches are per instance, not per run")
    func cachesStayBounded() async throws {
        // A 4,000-byte type name makes each cached prefix 4 KB, so a cache entry per run would
        // add 4 MB over 1,000 restarts.
        let name = String(repeating: "n", count: 4000)
        let workspace = try Workspace(procfile: "\(name): echo hi\n")
        let script = """
            '\(SupervisorBinary.path)' start --no-color --restart always --restart-delay 0.001 --restart-delay-max 0.001 --restart-limit 100000/1 >out.txt 2>&1 & pid=$!
            \(HostileOutputTests.guardAgainstHang)
            runs() { grep -c 'spawned' out.txt; }
            for i in $(seq 600); do [ "$(runs)" -ge 200 ] && break; sleep 0.05; done
            early=$(awk '$1 == "VmRSS:" {print $2}' /proc/$pid/status)
            for i in $(seq 1200); do [ "$(runs)" -ge 1200 ] && break; sleep 0.05; done
            late=$(awk '$1 == "VmRSS:" {print $2}' /proc/$pid/status)
            echo "runs=$(runs) early=$early late=$late"
            kill -TERM $pid; wait $pid; echo "status=$?"
            """
        let output = try await Shell.run(script, directory: workspace.path)
        let values = ShellReport.numbers(in: output)
        #expect((values["runs"] ?? 0) >= 1200, "\(output)")
        let growth = (values["late"] ?? .max) - (values["early"] ?? 0)
        #expect(growth < 2048, "VmRSS grew by \(growth) KiB over 1,000 restarts: \(output)")
    }
}
