import PeerSupport
import Foundation
import Testing

@Suite("supervisor as PID 1 and as subreaper", .serialized, .ownThread)
struct ReapingTests {
    /// Whether this machine lets us make a PID namespace (root, unshare present).
    static func canUnshare() async -> Bool {
        (try? await Shell.runWithStatus("unshare --fork --pid --mount-proc true").status) == 0
    }

    static let zombieCounter = """
        probe: sh -c 'sleep 0.1 &' ; sh -c '(sleep 0.2 &) &' ; sleep 1; echo "pid1=$(cat /proc/1/comm) zombies=$(grep -l '^State:.*Z' /proc/[0-9]*/status 2>/dev/null | wc -l)"
        """

    @Test("as PID 1 of a PID namespace it reaps every orphan and stops on SIGTERM", .enabled { await ReapingTests.canUnshare() })
    func pidOne() async throws {
        let workspace = try Workspace(procfile: Self.zombieCounter + "\nidle: sleep 100\n")
        let command = "cd \(workspace.path) && exec unshare --fork --pid --mount-proc \(SupervisorBinary.path) start --no-color --no-timestamps"
        let (output, status) = try await Shell.runWithStatus(command)
        #expect(output.contains("probe.1    | pid1=supervisor zombies=0"), "\(output)")
        #expect(status == 0)
    }

    @Test("outside PID 1 it is a subreaper: orphans come back to it and are reaped")
    func subreaper() async throws {
        let workspace = try Workspace(procfile: """
            probe: sh -c 'sleep 0.5 & echo $! > orphan.pid'; sleep 0.2; parent=$(awk '/^PPid/ {print $2}' /proc/$(cat orphan.pid)/status); [ "$parent" = "$PPID" ] && echo adopted; sleep 1; echo "zombies=$(for f in /proc/[0-9]*/status; do awk -v p=$PPID '/^State:.*Z/ {z=1} /^PPid:/ && $2 == p {c=1} END {if (z && c) print}' $f 2>/dev/null; done | wc -l)"
            """)
        let supervisor = try RunningSupervisor(["start", "--no-color", "--no-timestamps"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.output.contains("probe.1    | adopted"))
        #expect(supervisor.output.contains("probe.1    | zombies=0"))
    }
}
