import Foundation
import JournaldTestSupport
import PeerSupport
import Testing

/// A watch-triggered restart in the journal: its own MESSAGE_ID and fields.
@Suite("supervisor start --watch: journald", .serialized, .journald, .ownThread)
struct WatchJournalTests {
    static let watchRestart = "b5fa917897a74262a50b43aa290df6f7"

    @Test("a watched change is a journald entry with its MESSAGE_ID, PROCESS_TYPE, WATCH_PATH and WATCH_CHANGES")
    func journalEntry() async throws {
        let tag = Journal.uniqueName("watch")
        let workspace = try WatchTests.workspace("web: exec sleep 100\n", files: ["src/main.swift": ""])
        let supervisor = try RunningSupervisor(
            ["start", "--log-sink", "journald", "--identifier", tag, "--control", "none", "--watch", "web=src"], in: workspace)
        let spawned = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "MESSAGE_ID=\(JournaldTests.spawned)"])
        #expect(spawned.count == 1)
        try WatchTests.write("src/main.swift", in: workspace, "print(1)")
        let entries = try await Journal.entries(["SYSLOG_IDENTIFIER=\(tag)", "MESSAGE_ID=\(Self.watchRestart)"])
        let entry = try #require(entries.first)
        #expect(entries.count == 1)
        #expect(entry["PROCESS_TYPE"] == "web")
        #expect(entry["WATCH_PATH"] == "src/main.swift")
        #expect(Int(entry["WATCH_CHANGES"] ?? "") ?? 0 >= 1)
        #expect(entry["SUPERVISOR_EVENT"] == "watch-restart")
        #expect(entry["PRIORITY"] == "6")
        #expect(entry.message == "web changed (src/main.swift): restarting web.1 one at a time")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}
