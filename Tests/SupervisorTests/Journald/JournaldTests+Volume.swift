import Foundation
import Testing

extension JournaldTests {
    @Test("100,000 lines from 4 children: none lost, order kept within each instance")
    func volume() throws {
        let tag = Journal.uniqueName("vol")
        let perChild = 25_000
        let workspace = try Workspace(procfile: "gen: seq -f \"$PS %.0f\" 1 \(perChild)\n")
        let supervisor = try RunningSupervisor(["start", "-m", "gen=4", "--log-sink", "journald", "--identifier", tag, "--restart", "on-failure"], in: workspace)
        #expect(supervisor.waitForExit(seconds: 120) == 0)
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(30)
        repeat {
            messages = try Journal.messages(["SYSLOG_IDENTIFIER=\(tag)", "STREAM=stdout"])
            if messages.count >= 4 * perChild { break }
            usleep(200_000)
        } while Date() < deadline
        #expect(messages.count == 4 * perChild)
        var next: [String: Int] = [:]
        var outOfOrder = 0
        for message in messages {
            let parts = message.split(separator: " ")
            guard parts.count == 2, let number = Int(parts[1]) else {
                outOfOrder += 1
                continue
            }
            let instance = String(parts[0])
            if number != next[instance, default: 1] { outOfOrder += 1 }
            next[instance] = number + 1
        }
        #expect(outOfOrder == 0)
        #expect(next == ["gen.1": perChild + 1, "gen.2": perChild + 1, "gen.3": perChild + 1, "gen.4": perChild + 1])
    }
}
