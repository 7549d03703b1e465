import PeerSupport
import Foundation
import Testing

@Suite("supervisor start: volume", .ownThread)
struct VolumeTests {
    @Test("1,000,000 lines from 4 children: none lost or mangled, order kept per instance")
    func millionLines() async throws {
        let generator = #"awk 'BEGIN { for (i = 1; i <= 250000; i++) printf "%s %d abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789\n", ENVIRON["PS"], i }'"#
        let workspace = try Workspace(procfile: "gen: \(generator); sleep 100\n")
        let outputPath = workspace.path + "/out.txt"
        let supervisor = try RunningSupervisor(
            ["start", "-m", "gen=4", "--no-color", "--no-timestamps"], in: workspace, stdoutFile: outputPath)
        // Wait for all four generators to finish writing.
        let check = """
            awk '$1 ~ /^gen\\.[1-4]$/ && $2 == "|" {
                    if ($3 != $1 || $5 != "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789" || NF != 5) bad++
                    else if ($4 != last[$1] + 1) disorder++
                    last[$1] = $4; n++
                 } END { printf "%d %d %d %d %d %d %d\\n", n, bad, disorder, last["gen.1"], last["gen.2"], last["gen.3"], last["gen.4"] }' \(outputPath)
            """
        var summary = ""
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            summary = try await Shell.run(check).trimmingCharacters(in: .whitespacesAndNewlines)
            if summary.hasPrefix("1000000 ") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(summary == "1000000 0 0 250000 250000 250000 250000")
    }

    @Test("a trickle of short lines (one per wake-up, like an access log) is written in batches")
    func trickleIsCoalesced() async throws {
        // 2,000 lines, 200 us apart: unbatched, every line would be its own read, hand-off and
        // write(2); the supervisor waits up to 1 ms after a small read, so several share one.
        let talker = """
            import sys, time
            for i in range(1, 2001):
                sys.stdout.write("tick %d\\n" % i)
                sys.stdout.flush()
                time.sleep(0.0002)
            time.sleep(100)

            """
        let workspace = try Workspace(procfile: "talker: exec python3 talker.py\n", files: ["talker.py": talker])
        let outputPath = workspace.path + "/out.txt"
        let supervisor = try RunningSupervisor(["start", "--no-color", "--no-timestamps"], in: workspace, stdoutFile: outputPath)
        let deadline = Date().addingTimeInterval(60)
        var output = ""
        while Date() < deadline {
            output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if output.contains("| tick 2000\n") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let writes = try Self.writeCalls(of: supervisor.pid)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        let ticks = output.split(separator: "\n").filter { $0.contains("| tick ") }
        #expect(ticks.count == 2000)
        #expect(ticks.last?.hasSuffix("| tick 2000") == true)
        // Measured: about 500 writes; unbatched (no pause) 1,992.
        #expect(writes < 1000, "the supervisor made \(writes) write calls for 2,000 lines")
    }

    /// `syscw` of /proc/PID/io: write-like system calls the process has made.
    static func writeCalls(of pid: Int32) throws -> Int {
        let text = try String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("syscw:") }
        return try #require(line.flatMap { Int($0.dropFirst("syscw:".count).trimmingCharacters(in: .whitespaces)) }, "no syscw in /proc/\(pid)/io")
    }
}
