import Foundation
import PeerSupport
import Testing

/// `FORMATION_WATCH` read again by `supervisor reload`: the new paths are watched, the old ones
/// no more, and the reload itself restarts nothing.
@Suite("supervisor start --watch: reload", .serialized, .ownThread)
struct WatchReloadTests {
    @Test("a reload that changes FORMATION_WATCH re-arms the watches and restarts nothing")
    func reloadRearms() async throws {
        let workspace = try WatchTests.workspace(
            "web: exec sleep 100\nworker: exec sleep 100\n", files: [".env": "FORMATION_WATCH=web=old.conf\n", "old.conf": "", "new.conf": ""])
        let supervisor = try ReloadTests.start(workspace)
        #expect(await ReloadTests.ready(supervisor, 2), "\(supervisor.output)")
        try WatchTests.write("old.conf", in: workspace, "1")
        #expect(await supervisor.waitFor("web changed (old.conf): restarting web.1 one at a time"), "\(supervisor.output)")
        for _ in 0..<200 where WatchTests.count("spawned web.1", in: supervisor) < 2 { try await Task.sleep(for: .milliseconds(50)) }

        try workspace.write(".env", "FORMATION_WATCH=worker=new.conf\n")
        let before = try await ReloadTests.pids(in: workspace)
        let reload = try await ReloadTests.control(["reload"], in: workspace)
        #expect(reload.status == 0, "\(reload)")
        #expect(reload.output == "web: no longer watched\nworker: now watching new.conf\nreloaded\n", "\(reload)")
        #expect(try await ReloadTests.pids(in: workspace) == before, "changing what is watched restarts nothing")

        try WatchTests.write("old.conf", in: workspace, "2")
        try WatchTests.write("new.conf", in: workspace, "2")
        #expect(await supervisor.waitFor("worker changed (new.conf): restarting worker.1 one at a time"), "\(supervisor.output)")
        // Long past the quiet period: old.conf restarted nothing.
        try await Task.sleep(for: .milliseconds(800))
        #expect(WatchTests.count("web changed (", in: supervisor) == 1, "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}
