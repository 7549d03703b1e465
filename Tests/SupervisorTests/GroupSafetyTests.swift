import PeerSupport
import Foundation
import Testing

/// Never signal what is not ours: a process group whose leader was reaped may be empty, and its
/// number may belong to an unrelated process by the time a signal is sent.
@Suite("supervisor never signals a group that is no longer its own", .serialized, .ownThread)
struct GroupSafetyTests {
    let supervisor = SupervisorBinary.path

    @Test("two leaders reaped in one pass: the exit that stops the formation does not SIGTERM the other, already reaped group")
    func twoLeadersReapedTogether() async throws {
        let workspace = try Workspace(procfile: "first: sleep 0.5; exit 3\nsecond: sleep 0.5\n")
        // The supervisor is stopped (SIGSTOP) while both leaders exit, so that one pass reaps
        // both; strace then records every kill() it makes.
        let script = """
            '\(supervisor)' start --no-color >out.txt 2>&1 & pid=$!
            \(HostileOutputTests.guardAgainstHang)
            for i in $(seq 200); do [ "$(grep -c spawned out.txt)" -ge 2 ] && break; sleep 0.02; done
            kill -STOP $pid
            a=$(sed -n 's/.*spawned first.1 (pid \\([0-9]*\\).*/\\1/p' out.txt)
            b=$(sed -n 's/.*spawned second.1 (pid \\([0-9]*\\).*/\\1/p' out.txt)
            zombie() { [ "$(cut -d' ' -f3 /proc/$1/stat)" = Z ]; }
            for i in $(seq 300); do zombie $a && zombie $b && break; sleep 0.02; done
            strace -f -qq -e trace=kill -e signal=none -o trace.txt -p $pid & tracer=$!
            sleep 1
            kill -CONT $pid
            wait $pid; echo "status=$?"; kill $guard 2>/dev/null; wait $tracer
            echo "first=$a second=$b"
            cat trace.txt
            """
        let output = try await Shell.run(script, directory: workspace.path)
        #expect(output.contains("status=3") || output.contains("status=0"), "\(output)")
        let reported = ShellReport.numbers(in: output)
        let pids = [reported["first"], reported["second"]].compactMap { $0 }
        try #require(pids.count == 2, "\(output)")
        #expect(output.contains("kill("), "strace recorded nothing: \(output)")
        for pid in pids {
            #expect(!output.contains("kill(-\(pid), SIGTERM"), "SIGTERM to the reaped group \(pid): \(output)")
            #expect(!output.contains("kill(-\(pid), SIGKILL"), "SIGKILL to the reaped group \(pid): \(output)")
        }
    }

    @Test("the watchdog drops a group once it is empty: an unrelated process given the same number (forced PID reuse) survives", .enabled { await ReapingTests.canUnshare() })
    func watchdogSparesReusedGroup() async throws {
        let workspace = try Workspace(procfile: "quitter: sleep 100\nstubborn: trap '' TERM; sleep 100\n")
        let script = Self.peers.appendingPathComponent("pid_reuse.py").path
        let output = try await Shell.run(
            "timeout 60 unshare --pid --fork --mount-proc python3 '\(script)' '\(supervisor)' 2>&1", directory: workspace.path)
        let reported = ShellReport.numbers(in: output)
        let numbers = [reported["quitter"], reported["impostor"]].compactMap { $0 }
        try #require(numbers.count == 2, "\(output)")
        #expect(numbers[0] == numbers[1], "the impostor did not get the quitter's number, so this run proves nothing: \(output)")
        #expect(output.contains("impostor-alive"), "\(output)")
    }

    @Test("the watchdog's death is reported and a new one takes over: a later kill -9 of the supervisor still stops the processes")
    func watchdogReplaced() async throws {
        let workspace = try Workspace(procfile: "probe: sleep 100\n")
        let script = """
            FORMATION_TEST_TAG='\(workspace.tag)' '\(supervisor)' start --no-color -t 1 >out.txt 2>&1 & pid=$!
            \(HostileOutputTests.guardAgainstHang)
            for i in $(seq 200); do grep -q spawned out.txt && break; sleep 0.02; done
            old=$(pgrep -P $pid -x supervisor-wd)
            kill -KILL $old
            for i in $(seq 100); do grep -q "started a new one" out.txt && break; sleep 0.02; done
            new=$(pgrep -P $pid -x supervisor-wd)
            echo "old=$old new=$new"
            kill -KILL $pid; kill $guard 2>/dev/null
            cat out.txt
            """
        let output = try await Shell.run(script, directory: workspace.path)
        #expect(output.contains("the watchdog (pid"), "\(output)")
        #expect(output.contains("was killed by SIGKILL (status 137): started a new one"), "\(output)")
        let reported = ShellReport.numbers(in: output)
        #expect(reported["old"] != nil && reported["new"] != nil && reported["old"] != reported["new"], "\(output)")
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5).isEmpty)
    }

    /// Tests/SupervisorTests/Peers.
    static let peers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers")
}

extension GroupSafetyTests {
    @Test("the end of the formation closes every descriptor once: no close() answers EBADF")
    func noDoubleClose() async throws {
        // The leader exits at once and stops the formation; its background job holds the pipes
        // until the stop kills it, so they reach their end only in the final drain.
        let workspace = try Workspace(procfile: "first: sleep 30 & exit 0\nsecond: sleep 30\n")
        let output = try await Shell.run(
            "strace -f -qq -e trace=close -e signal=none -o trace.txt '\(supervisor)' start --no-color >out.txt 2>&1; echo status=$?; grep -c EBADF trace.txt; grep -c 'close(' trace.txt",
            directory: workspace.path)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.first == "status=0", "\(output)")
        #expect(lines.dropFirst().first == "0", "close() answered EBADF: \((try? workspace.read("trace.txt")) ?? "")")
        #expect((Int(lines.last ?? "") ?? 0) > 10, "strace recorded no close(): \(output)")
    }
}
