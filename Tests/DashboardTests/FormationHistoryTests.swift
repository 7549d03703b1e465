import ControlProtocol
import Testing
@testable import dashboard

@Suite("FormationHistory and StatusSnapshot")
struct FormationHistoryTests {
    static func row(_ name: String, cpu: Double?, rss: Int?) -> InstanceStatus {
        InstanceStatus(
            name: name, type: "web", pid: cpu == nil ? nil : 42, port: 5000, state: cpu == nil ? "stopped" : "running",
            restarts: 0, uptimeSeconds: nil, lastExit: nil, cpuPercent: cpu, rssBytes: rss)
    }

    @Test("keeps the last `capacity` samples per instance, oldest first, and forgets instances that left")
    func bounded() {
        var history = FormationHistory(capacity: 3)
        for second in 1...5 {
            history.record([Self.row("web.1", cpu: Double(second), rss: second * 100), Self.row("web.2", cpu: nil, rss: nil)])
        }
        #expect(history.samples["web.1"]?.map(\.cpuPercent) == [3, 4, 5])
        #expect(history.samples["web.1"]?.map(\.rssBytes) == [300, 400, 500])
        #expect(history.samples["web.2"]?.count == 3)
        history.record([Self.row("web.1", cpu: 6, rss: 600)])
        #expect(history.samples.keys.sorted() == ["web.1"])
    }

    @Test("a snapshot is the status rows with their history; a failure is ok false with the reason")
    func snapshot() throws {
        var history = FormationHistory(capacity: 2)
        var capped = Self.row("web.1", cpu: 1.5, rss: 2048)
        capped.memoryMax = 512 << 20
        let rows = [capped, Self.row("web.2", cpu: nil, rss: nil)]
        history.record(rows)
        let reply = try ControlReply(jsonLine: Array(#"{"ok":true,"root":"/srv/app","pid":7,"instances":[]}"#.utf8))
        let json = StatusSnapshot.json(reply: reply, rows: rows, history: history)
        #expect(json["root"] == "/srv/app")
        #expect(json["pid"] == 7)
        let first = try #require(json["instances"]?.arrayValue?.first)
        #expect(first["name"] == "web.1")
        #expect(first["cpu_history"] == [1.5])
        #expect(first["rss_history"] == [2048])
        // The cap (`--memory-max`) reaches the page beside RSS; null without one.
        #expect(first["memory_max"] == 536_870_912)
        #expect(json["instances"]?.arrayValue?.last?["memory_max"] == .null)
        #expect(StatusSnapshot.failure("gone").serialized == #"{"ok":false,"error":"gone"}"#)
    }
}
