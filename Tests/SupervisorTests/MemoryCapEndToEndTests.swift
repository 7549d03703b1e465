import Foundation
import PeerSupport
import Testing

/// `supervisor start --memory-max` end to end: real children that allocate memory, sampled from
/// /proc by the real supervisor.
@Suite("supervisor start --memory-max", .serialized, .ownThread)
struct MemoryCapEndToEndTests {
    /// Grows by 8 MiB every 100 ms, writing every page (so it is resident), up to 512 MiB.
    static let hog = """
        import time
        chunks = []
        while len(chunks) < 64:
            chunks.append(b"\\x01" * (8 << 20))
            time.sleep(0.1)
        time.sleep(1000)

        """

    /// `status --json` rows by instance name.
    static func status(in workspace: Workspace) async throws -> [String: [String: Any]] {
        let client = try RunningSupervisor(["status", "--json"], in: workspace)
        #expect(await client.waitForExit(seconds: 15) == 0)
        let object = try JSONSerialization.jsonObject(with: Data(client.output.utf8)) as? [String: Any]
        let rows = object?["instances"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["name"] as? String).map { ($0, row) } })
    }

    /// The figures of the event lines `<instance>: pid N uses 85M ... over its --memory-max 64M; restarting (SIGTERM)`,
    /// in MiB (`64.3M`; `67108865 bytes` reads as 64.000001).
    static func reportedUse(of instance: String, in output: String) -> [Double] {
        output.split(separator: "\n").compactMap { line -> Double? in
            guard let range = line.range(of: "\(instance): pid "), line.hasSuffix("over its --memory-max 64M; restarting (SIGTERM)"),
                  let uses = line[range.upperBound...].range(of: " uses ") else { return nil }
            let figure = line[uses.upperBound...].prefix { $0.isNumber || $0 == "." }
            let unit = line[uses.upperBound...].dropFirst(figure.count)
            return Double(figure).map { unit.hasPrefix(" bytes") ? $0 / 1_048_576 : $0 }
        }
    }

    @Test("two hogs over --memory-max hog=64M are restarted with new pids, each event naming its use and the cap; the neighbour keeps its pid")
    func hogsRestarted() async throws {
        let workspace = try Workspace(procfile: "hog: exec python3 hog.py\ncalm: sleep 1000\n", files: ["hog.py": Self.hog])
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "-m", "hog=2,calm=1", "--memory-max", "hog=64M"], in: workspace)
        defer { supervisor.signal(SIGKILL) }
        #expect(await supervisor.waitFor("spawned calm.1"))
        let before = try await Self.status(in: workspace)
        let calmPid = try #require(before["calm.1"]?["pid"] as? Int)
        #expect(before["hog.1"]?["memory_max"] as? Int == 64 << 20)
        #expect(before["calm.1"]?["memory_max"] is NSNull)
        let firstPids = Set(["hog.1", "hog.2"].compactMap { before[$0]?["pid"] as? Int })
        #expect(firstPids.count == 2)

        for instance in ["hog.1", "hog.2"] {
            #expect(await supervisor.waitFor("\(instance): pid", seconds: 30), "\(supervisor.output)")
            #expect(await supervisor.waitFor("restarting \(instance) in", seconds: 10))
        }
        // Both came back with new pids (after the 0.5 s backoff), while calm.1 ran on.
        #expect(await Self.waitUntil(seconds: 30) {
            let rows = (try? await Self.status(in: workspace)) ?? [:]
            let pids = ["hog.1", "hog.2"].compactMap { rows[$0]?["pid"] as? Int }
            return pids.count == 2 && firstPids.isDisjoint(with: pids)
        })
        let output = supervisor.output
        for instance in ["hog.1", "hog.2"] {
            let uses = Self.reportedUse(of: instance, in: output)
            #expect(!uses.isEmpty && uses.allSatisfy { $0 > 64 }, "\(output)")
        }
        let after = try await Self.status(in: workspace)
        #expect(after["calm.1"]?["pid"] as? Int == calmPid)
        #expect(after["calm.1"]?["restarts"] as? Int == 0)
        #expect((after["hog.1"]?["restarts"] as? Int ?? 0) >= 1)
        #expect(output.components(separatedBy: "spawned calm.1").count == 2)
        // The table shows the cap beside RSS.
        let table = try RunningSupervisor(["status"], in: workspace)
        #expect(await table.waitForExit(seconds: 15) == 0)
        #expect(table.lines.contains { $0.hasPrefix("hog.1") && $0.contains("/64M") }, "\(table.output)")
        #expect(table.lines.contains { $0.hasPrefix("calm.1") && !$0.contains("/") }, "\(table.output)")

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5).isEmpty)
    }

    @Test("the cap is for the process group: a grandchild using the memory restarts its instance")
    func grandchild() async throws {
        // The leader (sleep) uses next to nothing; python3, its child in the same group, grows.
        let workspace = try Workspace(procfile: "family: python3 hog.py & exec sleep 1000\n", files: ["hog.py": Self.hog])
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "--memory-max", "family=64M"], in: workspace)
        defer { supervisor.signal(SIGKILL) }
        #expect(await supervisor.waitFor("spawned family.1"))
        #expect(await supervisor.waitFor("over its --memory-max 64M; restarting (SIGTERM)", seconds: 30), "\(supervisor.output)")
        #expect(await supervisor.waitFor("restarting family.1 in", seconds: 10))
        #expect(await Self.waitUntil(seconds: 15) { supervisor.output.components(separatedBy: "spawned family.1").count == 3 })
        let uses = Self.reportedUse(of: "family.1", in: supervisor.output)
        #expect(!uses.isEmpty && uses.allSatisfy { $0 > 64 }, "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(await ProcessTable.waitUntilGone(tag: workspace.tag, seconds: 5).isEmpty)
    }

    @Test("a cap that is no size is refused in one line, with exit status 78", arguments: ["web=0", "5Q"])
    func badSize(_ value: String) async throws {
        let workspace = try Workspace(procfile: "web: sleep 1000\n")
        let supervisor = try RunningSupervisor(["start", "--memory-max", value], in: workspace)
        #expect(await supervisor.waitForExit() == 78)
        #expect(supervisor.errorOutput.split(separator: "\n").count == 1)
        #expect(supervisor.errorOutput.contains("--memory-max \"\(value)\""), "\(supervisor.errorOutput)")
        #expect(!supervisor.output.contains("spawned"))
    }

    static func waitUntil(seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
