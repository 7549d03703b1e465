import Foundation
import PeerSupport
import Testing

/// The production peers of `Benchmarks/peers.sh` (supervisord and circus from the pinned peers,
/// s6 and runit from Debian, all installed by `scripts/test.sh`) each start from their config in
/// `Benchmarks/peers/`, bring every line of three numbered generators to their stdout and leave
/// no process behind once stopped; and so does Formation from its Procfile there. The benchmark's
/// own harness (`peers.py --smoke`) does the starting, reading and stopping, so a config or a
/// harness that rots fails here, not in the next benchmark run.
@Suite("Production peers")
struct ProductionPeersTests {
    @Test("a peer starts from its config, relays every line and stops", arguments: ["formation", "supervisord", "circus", "s6", "s6-log", "runit"])
    func startsRelaysAndStops(peer: String) async throws {
        // Directly in /tmp whatever TMPDIR says: supervisord's and circus' control sockets live in
        // the work folder, and a Unix socket's path must stay under 108 bytes (under the suite's
        // TMPDIR, /tmp/formation-suite.XXXXXX/formation-peers-UUID/..., both failed to start).
        let work = URL(fileURLWithPath: "/tmp/fpeer-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let root = Peers.repositoryRoot.path
        let command = """
            cc -O2 -o gen '\(root)/Benchmarks/gen.c' && exec python3 '\(root)/Benchmarks/peers/peers.py' --smoke \
            --peers '\(peer)' --supervisor '\(SupervisorBinary.path)' --peers-bin '\(Peers.bin.path)' --gen "$PWD/gen" --work "$PWD"
            """
        let (output, error, status) = try await Shell.runCapturingStderr(command, directory: work.path)
        #expect(status == 0, "\(output)\(error)")
        // Every line arrives; Formation's arrive whole (the peers relay chunks, and may cut them).
        #expect(output.hasPrefix("\(peer): 3000 of 3000 lines"), "\(output)\(error)")
        if peer == "formation" { #expect(output.contains("(3000 whole)"), "\(output)") }
        #expect(output.contains("all gone"), "\(output)")
    }
}
