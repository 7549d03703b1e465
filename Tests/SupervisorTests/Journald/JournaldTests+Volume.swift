import Foundation
import JournaldTestSupport
import Testing

extension JournaldTests {
    @Test("100,000 lines from 4 children: none lost, order kept within each instance")
    func volume() async throws {
        // A fresh journal file with room for every entry: a file filling up mid-entry can make
        // journald index one entry twice (see `JournaldDaemon.rotate`).
        try await JournaldDaemon.rotate()
        let started = Date()
        let tag = Journal.uniqueName("vol")
        let perChild = 25_000
        let workspace = try Workspace(procfile: "gen: seq -f \"$PS %.0f\" 1 \(perChild)\n")
        let supervisor = try RunningSupervisor(["start", "-m", "gen=4", "--log-sink", "journald", "--identifier", tag, "--restart", "on-failure"], in: workspace)
        #expect(await supervisor.waitForExit(seconds: 120) == 0)
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(30)
        repeat {
            messages = try await Journal.messages(["SYSLOG_IDENTIFIER=\(tag)", "STREAM=stdout"])
            if messages.count >= 4 * perChild { break }
            try await Task.sleep(for: .milliseconds(200))
        } while Date() < deadline
        var next: [String: Int] = [:]
        var misplaced: [String] = []
        for (index, message) in messages.enumerated() {
            let parts = message.split(separator: " ")
            guard parts.count == 2, let number = Int(parts[1]) else {
                misplaced.append("#\(index) '\(message)' is not '<instance> <number>'")
                continue
            }
            let instance = String(parts[0])
            let expected = next[instance, default: 1]
            if number != expected { misplaced.append("#\(index) '\(message)' where \(instance) \(expected) was due") }
            next[instance] = number + 1
        }
        let journald = await messages.count == 4 * perChild && misplaced.isEmpty ? "" : Self.journaldSays(since: started)
        #expect(messages.count == 4 * perChild, "journald said: \(journald)")
        #expect(misplaced.isEmpty, "\(misplaced.prefix(10)); journald said: \(journald)")
        #expect(next == ["gen.1": perChild + 1, "gen.2": perChild + 1, "gen.3": perChild + 1, "gen.4": perChild + 1])
    }

    /// journald's own messages since `date` (rotations, rate limiting, full files), for a failure.
    static func journaldSays(since date: Date) async -> String {
        let since = Int(date.timeIntervalSince1970)
        let output = (try? await Shell.run("journalctl -q -o cat --since=@\(since) SYSLOG_IDENTIFIER=systemd-journald")) ?? ""
        return output.isEmpty ? "nothing" : output.split(separator: "\n").joined(separator: " / ")
    }
}
