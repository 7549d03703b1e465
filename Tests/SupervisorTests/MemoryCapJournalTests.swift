import Foundation
import JournaldTestSupport
import Testing

/// The memory cap's event in a real journald: `journalctl MESSAGE_ID=...` finds every restart
/// over a cap, with the use and the cap as fields.
@Suite("supervisor start --memory-max: journald", .serialized, .journald, .ownThread)
struct MemoryCapJournalTests {
    static let overMemory = "87afb4fa41d34c52bfca3fe560d0e513"

    @Test("the over-memory entry carries its MESSAGE_ID, priority 4, the pid, the use, the cap and the signal")
    func entry() async throws {
        let tag = Journal.uniqueName("mem")
        let workspace = try Workspace(procfile: "hog: exec python3 hog.py\n", files: ["hog.py": MemoryCapEndToEndTests.hog])
        let supervisor = try RunningSupervisor(
            ["start", "--log-sink", "journald", "--identifier", tag, "--memory-max", "hog=64M"], in: workspace)
        defer { supervisor.signal(SIGKILL) }
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "MESSAGE_ID=\(Self.overMemory)"], seconds: 30)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        let entry = try #require(entries.first)
        #expect(entry["PRIORITY"] == "4")
        #expect(entry["SUPERVISOR_EVENT"] == "over-memory")
        #expect(entry["PROCESS_INSTANCE"] == "hog.1")
        #expect(entry["MEMORY_MAX_BYTES"] == "\(64 << 20)")
        #expect((entry["MEMORY_RSS_BYTES"].flatMap { Int($0) } ?? 0) > 64 << 20)
        #expect(entry["SIGNAL"] == "SIGTERM")
        #expect(entry["PROCESS_PID"].flatMap { Int32($0) } != nil)
        #expect(entry.message.hasSuffix("over its --memory-max 64M; restarting (SIGTERM)"))
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5).isEmpty)
    }
}
