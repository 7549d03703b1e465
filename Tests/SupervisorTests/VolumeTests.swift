import Foundation
import Testing

@Suite("supervisor start: volume")
struct VolumeTests {
    @Test("1,000,000 lines from 4 children: none lost or mangled, order kept per instance")
    func millionLines() throws {
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
            summary = try Shell.run(check).trimmingCharacters(in: .whitespacesAndNewlines)
            if summary.hasPrefix("1000000 ") { break }
            usleep(200_000)
        }
        supervisor.signal(SIGTERM)
        #expect(supervisor.waitForExit() == 0)
        #expect(summary == "1000000 0 0 250000 250000 250000 250000")
    }
}
