import PeerSupport
import Foundation
import Testing

@Suite("supervisor start: environment and output", .serialized, .ownThread)
struct StartOutputTests {
    @Test("each instance gets PORT and PS by foreman's rule; lines are prefixed and padded")
    func portsAndPrefixes() async throws {
        let workspace = try Workspace(procfile: """
            web: echo "web $PS $PORT"; sleep 30
            longer-name: echo "other $PS $PORT"; echo "to stderr" >&2; sleep 30
            """)
        let supervisor = try RunningSupervisor(["start", "-m", "web=2,longer-name=1", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("to stderr"))
        #expect(await supervisor.waitFor("web web.2 5001"))
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        let lines = supervisor.lines
        let timestamp = #"^[0-9]{2}:[0-9]{2}:[0-9]{2} "#
        #expect(lines.contains { $0.range(of: timestamp + #"web\.1         \| web web\.1 5000$"#, options: .regularExpression) != nil })
        #expect(lines.contains { $0.range(of: timestamp + #"web\.2         \| web web\.2 5001$"#, options: .regularExpression) != nil })
        #expect(lines.contains { $0.hasSuffix("longer-name.1 | other longer-name.1 5100") })
        #expect(lines.contains { $0.hasSuffix("longer-name.1 ! to stderr") })
        #expect(lines.contains { $0.hasSuffix("supervisor    | spawned web.1 (pid \(self.pidOf("web.1", in: lines)), port 5000)") })
    }

    private func pidOf(_ instance: String, in lines: [String]) -> String {
        for line in lines {
            if let range = line.range(of: "spawned \(instance) (pid ") {
                return String(line[range.upperBound...].prefix { $0.isNumber })
            }
        }
        return "?"
    }

    @Test("--no-timestamps drops the clock; FORCE_COLOR colours the names; NO_COLOR wins")
    func colourAndTimestamps() async throws {
        let workspace = try Workspace(procfile: "web: echo hi\n")
        let coloured = try RunningSupervisor(["start", "--no-timestamps"], in: workspace, environment: ["FORCE_COLOR": "1", "NO_COLOR": ""])
        #expect(await coloured.waitForExit() == 0)
        #expect(coloured.output.contains("\u{1B}[36mweb.1      |\u{1B}[0m hi"))
        let plain = try RunningSupervisor(["start", "--no-timestamps"], in: workspace, environment: ["FORCE_COLOR": "1", "NO_COLOR": "1"])
        #expect(await plain.waitForExit() == 0)
        #expect(plain.lines.contains("web.1      | hi"))
        #expect(!plain.output.contains("\u{1B}["))
    }

    @Test("a partial line shows up after a short quiet period, and the rest follows as its own line")
    func partialLineFlush() async throws {
        let workspace = try Workspace(procfile: "web: printf 'waiting...'; sleep 3; echo ' done'\n")
        let supervisor = try RunningSupervisor(["start", "--no-timestamps", "--no-color"], in: workspace)
        // Well before the 3 s sleep ends, the partial line is already out.
        #expect(await supervisor.waitFor("web.1      | waiting...\n", seconds: 2))
        #expect(!supervisor.output.contains("done"))
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.lines.contains("web.1      |  done"))
    }

    @Test("a tail ending on a 512-byte boundary (a block-buffered writer paused mid-line) waits up to 1 s")
    func bufferedTailWaitsLonger() async throws {
        let workspace = try Workspace(procfile: "web: head -c 1024 /dev/zero | tr '\\0' a; sleep 3; echo b\n")
        let supervisor = try RunningSupervisor(["start", "--no-timestamps", "--no-color"], in: workspace)
        #expect(await supervisor.waitFor("spawned web.1"))
        try await Task.sleep(for: .milliseconds(500))
        #expect(!supervisor.output.contains("aaaa"), "not flushed after 50 ms")
        #expect(await supervisor.waitFor("web.1      | aaaa", seconds: 2.4), "flushed after about 1 s")
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.lines.contains("web.1      | b"))
    }

    @Test("the last line without a newline is not lost at exit")
    func lastLineWithoutNewline() async throws {
        let workspace = try Workspace(procfile: "web: printf 'first\\nlast words'\n")
        let supervisor = try RunningSupervisor(["start", "--no-timestamps", "--no-color"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.lines.contains("web.1      | first"))
        #expect(supervisor.lines.contains("web.1      | last words"))
        let lastWords = supervisor.lines.firstIndex(of: "web.1      | last words") ?? Int.max
        let exited = supervisor.lines.firstIndex { $0.contains("web.1 (pid") && $0.contains("exited with status 0") } ?? -1
        #expect(lastWords < exited, "the child's lines come before its exit event")
    }

    @Test("a 1 MiB line arrives whole with --max-line-bytes above it")
    func longLine() async throws {
        let workspace = try Workspace(procfile: "web: head -c 1048576 /dev/zero | tr '\\0' x; echo; echo after\n")
        let supervisor = try RunningSupervisor(["start", "--no-timestamps", "--no-color", "--max-line-bytes", "2000000"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let long = supervisor.lines.first { $0.hasPrefix("web.1      | xxx") }
        #expect(long?.count == "web.1      | ".count + 1_048_576)
        #expect(supervisor.lines.contains("web.1      | after"))
    }

    @Test("by default a 1 MiB line arrives in 32 pieces of 32 KiB, marked with … where it was cut, nothing lost")
    func longLineInPieces() async throws {
        let workspace = try Workspace(procfile: "web: head -c 1048576 /dev/zero | tr '\\0' x; echo; echo after\n")
        let supervisor = try RunningSupervisor(["start", "--no-timestamps", "--no-color"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let pieces = supervisor.lines.filter { $0.hasPrefix("web.1      | ") && $0.contains("xxx") }.map { $0.dropFirst("web.1      | ".count) }
        #expect(pieces.count == 32)
        #expect(pieces.reduce(0) { $0 + $1.filter { $0 == "x" }.count } == 1_048_576)
        #expect(pieces.first?.hasSuffix("x…") == true && pieces.last?.hasPrefix("…x") == true)
        #expect(pieces.dropFirst().dropLast().allSatisfy { $0.hasPrefix("…") && $0.hasSuffix("…") && $0.utf8.count == 32 * 1024 + 6 })
        #expect(supervisor.lines.contains("web.1      | after"))
    }

    @Test(".env files layer in order and the real environment wins over every file")
    func environmentLayering() async throws {
        let workspace = try Workspace(
            procfile: "web: echo \"A=$A B=$B C=$C URL=$URL\"\n",
            files: [
                "a.env": "A=from-a\nB=from-a\nC=from-a\n",
                "b.env": "export B=from-b\nURL=\"http://localhost:${PORT}/x\"\n",
            ])
        let supervisor = try RunningSupervisor(
            ["start", "-e", "a.env,b.env", "--no-timestamps", "--no-color"], in: workspace, environment: ["C": "from-process"])
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.lines.contains("web.1      | A=from-a B=from-b C=from-process URL=http://localhost:/x"))
    }

    @Test("children get stdin from /dev/null, default signal dispositions, an empty mask and only fds 0-2")
    func cleanChildState() async throws {
        let workspace = try Workspace(procfile: """
            web: cat; grep -E '^Sig(Blk|Ign)' /proc/self/status; ls /proc/self/fd | tr '\\n' ' '; echo; yes | head -1
            """)
        let supervisor = try RunningSupervisor(["start", "--no-timestamps", "--no-color"], in: workspace)
        #expect(await supervisor.waitForExit(seconds: 10) == 0)
        #expect(supervisor.lines.contains("web.1      | SigBlk:\t0000000000000000"))
        #expect(supervisor.lines.contains("web.1      | SigIgn:\t0000000000000000"))
        // ls itself opens fd 3 for /proc/self/fd.
        #expect(supervisor.lines.contains("web.1      | 0 1 2 3 "))
        #expect(supervisor.lines.contains("web.1      | y"), "yes | head ends: SIGPIPE is not ignored")
    }
}
