import PeerSupport
import Foundation
import JournaldTestSupport
import Testing

/// `supervisor start --log-sink journald` against a real systemd-journald. One suite (its tests
/// spread over extensions in this folder) so journald is started at most once and stopped after.
@Suite("supervisor start: journald", .serialized, .journald, .ownThread)
struct JournaldTests {
    @Test("each line is one entry with MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, PROCESS_TYPE, PROCESS_INSTANCE, PROCESS_PID, STREAM")
    func fields() async throws {
        let type = Journal.uniqueName("j")
        let workspace = try Workspace(procfile: "\(type): echo \"out $PS\"; echo \"err $PS\" >&2; echo '<4>warned'; echo '<0>emergency' >&2; echo '<9>not a prefix'\n")
        let supervisor = try RunningSupervisor(["start", "-m", "\(type)=2", "--log-sink", "journald", "--restart", "on-failure"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        #expect(supervisor.output.isEmpty, "nothing on the terminal: \(supervisor.output)")
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(type)"]) { $0.count >= 10 }
        #expect(entries.count == 10)
        for instance in ["\(type).1", "\(type).2"] {
            let mine = entries.filter { $0["PROCESS_INSTANCE"] == instance }
            let out = try #require(mine.first { $0.message == "out \(instance)" })
            #expect(out["PRIORITY"] == "6")
            #expect(out["STREAM"] == "stdout")
            #expect(out["PROCESS_TYPE"] == type)
            let pid = try #require(out["PROCESS_PID"])
            #expect(Int(pid) != nil && out["SYSLOG_PID"] == nil)
            let err = try #require(mine.first { $0.message == "err \(instance)" })
            #expect(err["PRIORITY"] == "3")
            #expect(err["STREAM"] == "stderr")
            #expect(err["PROCESS_PID"] == pid)
            #expect(mine.first { $0.message == "warned" }?["PRIORITY"] == "4")
            #expect(mine.first { $0.message == "emergency" }?["PRIORITY"] == "0")
            #expect(mine.first { $0.message == "<9>not a prefix" }?["PRIORITY"] == "6")
        }
        // PROCESS_PID is the child's, as the spawned event reports it.
        let spawned = try await Journal.entries(["SYSLOG_IDENTIFIER=supervisor", "PROCESS_TYPE=\(type)", "SUPERVISOR_EVENT=spawned"]) { $0.count >= 2 }
        #expect(Set(spawned.compactMap { $0["PROCESS_PID"] }) == Set(entries.compactMap { $0["PROCESS_PID"] }))
    }

    @Test("--identifier names every entry, the supervisor's own events included")
    func identifier() async throws {
        let tag = Journal.uniqueName("id")
        let workspace = try Workspace(procfile: "web: echo hello\nworker: echo working\n")
        // on-failure: both run to the end (a clean exit does not stop the other).
        let supervisor = try RunningSupervisor(["start", "--log-sink", "journald", "--identifier", tag, "--restart", "on-failure"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)"]) { $0.contains { $0.message.contains("no other process") } }
        #expect(entries.contains { $0.message == "hello" && $0["PROCESS_TYPE"] == "web" })
        #expect(entries.contains { $0.message == "working" && $0["PROCESS_TYPE"] == "worker" })
        #expect(entries.contains { $0["MESSAGE_ID"] == "b93c18afe31d44c6a9f65f4adfcb649f" })
    }

    @Test("control bytes and invalid UTF-8 arrive intact in the binary form and forge no field")
    func binarySafety() async throws {
        let tag = Journal.uniqueName("bin")
        let workspace = try Workspace(procfile: #"web: printf 'a\001b=PRIORITY=0\033[31mred\n'; printf '\377\376 bad utf8\n'; printf 'tab\there caf\303\251\n'; printf 'nul\000byte\n'"# + "\n")
        let supervisor = try RunningSupervisor(["start", "--log-sink", "journald", "--identifier", tag], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "STREAM=stdout"]) { $0.count >= 4 }
        let messages = entries.compactMap { $0.fields["MESSAGE"] }
        #expect(messages.contains(Array("a\u{1}b=PRIORITY=0\u{1B}[31mred".utf8)))
        #expect(messages.contains([0xFF, 0xFE] + Array(" bad utf8".utf8)))
        #expect(messages.contains(Array("tab\there café".utf8)))
        #expect(messages.contains(Array("nul".utf8) + [0] + Array("byte".utf8)))
        #expect(entries.allSatisfy { $0["PRIORITY"] == "6" })
    }

    @Test("by default a line of 1,000,000 bytes arrives as 31 entries of at most 32 KiB, marked where cut")
    func veryLongLineInPieces() async throws {
        let tag = Journal.uniqueName("pieces")
        let workspace = try Workspace(procfile: #"web: head -c 1000000 /dev/zero | tr '\0' 'x'; echo; echo after"# + "\n")
        let supervisor = try RunningSupervisor(["start", "--log-sink", "journald", "--identifier", tag], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "STREAM=stdout"]) { $0.count >= 32 }
        #expect(entries.count == 32)
        let pieces = entries.dropLast().compactMap { $0.fields["MESSAGE"] }
        #expect(pieces.reduce(0) { $0 + $1.count { $0 == UInt8(ascii: "x") } } == 1_000_000)
        #expect(pieces.allSatisfy { $0.count <= 32 * 1024 + 6 })
        #expect(pieces.dropLast().allSatisfy { $0.suffix(3) == [0xE2, 0x80, 0xA6] })
        #expect(entries.last?.message == "after")
    }

    @Test("with --max-line-bytes above it, a line of 1,000,000 bytes arrives whole, as one entry (through a sealed memfd)")
    func veryLongLine() async throws {
        let tag = Journal.uniqueName("long")
        let workspace = try Workspace(procfile: #"web: head -c 1000000 /dev/zero | tr '\0' 'x'; echo; echo after"# + "\n")
        let supervisor = try RunningSupervisor(["start", "--log-sink", "journald", "--identifier", tag, "--max-line-bytes", "2000000"], in: workspace)
        #expect(await supervisor.waitForExit() == 0)
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "STREAM=stdout"]) { $0.count >= 2 }
        #expect(entries.count == 2)
        #expect(entries.first?.fields["MESSAGE"] == Array(repeating: UInt8(ascii: "x"), count: 1_000_000))
        #expect(entries.last?.message == "after")
    }
}
