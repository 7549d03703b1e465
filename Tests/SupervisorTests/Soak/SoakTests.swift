import Foundation
import PeerSupport
import Testing

/// A minute of `Benchmarks/soak/soak.py` against the build's supervisor: restarts, scales to 0
/// and back, signals, stops, kill -9 of children and grandchildren, reloads, watch touches,
/// failing health checks, memory-cap restarts, `logs -f` clients that stall, status polls,
/// the dashboard, and the supervisor's stdout left unread, from a seeded schedule. The driver
/// checks the invariants (every sequence-numbered line delivered once and in order or counted
/// lost, no zombie or pending signal lingering, descriptors back at their baseline, nothing
/// left after the shutdown) and exits 1 naming what broke. Counts and leftovers only: its time
/// limits are generous (10 s) for a loaded CI machine. `SOAK_SEED` replays a run, `SOAK_SECONDS`
/// lengthens it; `Benchmarks/soak.sh` is the long version with a private journald.
@Suite("soak: a minute of everything at once", .serialized)
struct SoakTests {
    static let seed = ProcessInfo.processInfo.environment["SOAK_SEED"].flatMap { Int($0) } ?? 20_261_207
    static let seconds = ProcessInfo.processInfo.environment["SOAK_SECONDS"].flatMap { Int($0) } ?? 60

    @Test("every line accounted for, nothing drifting, nothing left behind")
    func soak() async throws {
        let driver = Peers.repositoryRoot.appendingPathComponent("Benchmarks/soak/soak.py").path
        let summary = FileManager.default.temporaryDirectory.appendingPathComponent("soak-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: summary) }
        let dashboard = URL(fileURLWithPath: SupervisorBinary.path).deletingLastPathComponent().appendingPathComponent("dashboard").path
        var arguments = [
            try Peers.python(), driver, "--supervisor", SupervisorBinary.path, "--seconds", "\(Self.seconds)", "--phase", "15",
            "--seed", "\(Self.seed)", "--zombie-limit", "10", "--pending-limit", "10", "--json", summary,
        ]
        if FileManager.default.isExecutableFile(atPath: dashboard) { arguments.append("--dashboard") }
        let command = arguments.map { "'\($0)'" }.joined(separator: " ")
        let result = try await Shell.runCapturingStderr(command)
        #expect(
            result.status == 0,
            "the soak broke an invariant (replay: SOAK_SEED=\(Self.seed) swift test --filter SoakTests):\n\(result.error.suffix(3000))\n\(result.output.suffix(3000))")
        let data = try #require(FileManager.default.contents(atPath: summary), "no summary from the driver:\n\(result.error.suffix(3000))")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let records = try #require(json["records"] as? [String: Any])
        #expect((records["delivered_terminal"] as? Int ?? 0) > 1000, "the writers wrote almost nothing: \(records)")
        #expect(records["twice"] as? Int == 0 && records["out_of_order"] as? Int == 0, "\(records)")
        #expect(json["leftovers"] as? Int == 0)
        #expect(json["unanswered_requests"] as? Int == 0)
        let operations = try #require(json["operations"] as? [String: Int])
        for kind in ["restart", "scale", "kill_child", "signal"] {
            #expect((operations[kind] ?? 0) > 0, "no \(kind) in a minute of soak (seed \(Self.seed)): \(operations)")
        }
    }
}
