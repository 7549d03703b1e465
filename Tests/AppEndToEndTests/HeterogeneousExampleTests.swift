import AppTestSupport
import Foundation
import PeerSupport
import Testing

/// examples/heterogeneous, copied into a temporary directory (the repository stays clean) and
/// run as a user would: `supervisor check` and `supervisor start` with no policy flag, the
/// policy coming from the example's `.env` alone. `release` is the reference `provision`, `web`
/// the reference `web` (this build's, through `BIN_DIR`).
@Suite("examples/heterogeneous", .serialized)
struct HeterogeneousExampleTests {
    static let example = Peers.repositoryRoot.appendingPathComponent("examples/heterogeneous")

    /// A temporary copy of the example's committed files.
    static func copy() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("formation-heterogeneous-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("config"), withIntermediateDirectories: true)
        for name in ["Procfile", ".env", "config/app-config.json"] {
            try FileManager.default.copyItem(at: example.appendingPathComponent(name), to: url.appendingPathComponent(name))
        }
        return url
    }

    /// No AWS or formation variable from the test's own environment; this build's binaries;
    /// `extra` on top.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = TestEnvironment.withoutAWS(extra: ["BIN_DIR": BuiltBinaries.directory, "NO_COLOR": "1"].merging(extra) { _, new in new })
        for key in ["FORMATION_READY", "FORMATION_AFTER", "FORMATION_RESTART", "FORMATION_STOP_SIGNAL", "FORMATION_TIMEOUT", "FORMATION_SOCKETS", "TICK_SECONDS"] {
            environment[key] = extra[key]
        }
        return environment
    }

    @Test("supervisor check prints each type's restart policy, stop signal, grace period and dependencies from the example's .env")
    func check() async throws {
        let directory = try Self.copy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let check = try await ChildProcess.run(
            BuiltBinaries.path("supervisor"), ["check"], directory: directory.path, environment: Self.environment(), seconds: 30)
        #expect(check.status == 0, "\(check.output)\(check.error)")
        let rows = check.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains(["process", "restart", "stop", "signal", "grace", "period", "after"]), "\(check.output)")
        #expect(rows.contains(["release", "never", "SIGTERM", "5s", "-"]), "\(check.output)")
        #expect(rows.contains(["web", "never", "SIGTERM", "5s", "release:succeeded"]), "\(check.output)")
        #expect(rows.contains(["worker", "never", "SIGQUIT", "30s", "release:succeeded", "web:ready"]), "\(check.output)")
        #expect(rows.contains(["clock", "always", "SIGTERM", "5s", "release:succeeded"]), "\(check.output)")
    }

    /// Every policy variable comes from the example's `.env` (the test's environment has none).
    @Test("supervisor start: release migrates before web spawns, worker after web is ready, clock restarted; SIGTERM: worker finishes its job at SIGQUIT before web is signalled, exit 0")
    func run() async throws {
        let directory = try Self.copy()
        defer {
            ControlFiles.remove(root: directory.path)
            try? FileManager.default.removeItem(at: directory)
        }
        // web (type 1) serves base+100; a tick every second instead of 10 so the test is short.
        let webPort = try FreePort.find()
        let supervisor = try ChildProcess(
            BuiltBinaries.path("supervisor"), ["start", "--no-timestamps", "--port", String(webPort - 100)],
            directory: directory.path, environment: Self.environment(["TICK_SECONDS": "1"]))
        defer { if supervisor.process.isRunning { supervisor.signal(SIGKILL) } }
        func line(_ text: String) -> Int? {
            supervisor.output.split(separator: "\n").firstIndex { $0.contains(text) }
        }

        // clock exits 0 after its tick and is started again (0.5 s, then 1 s later).
        #expect(await supervisor.waitFor("spawned clock.1", times: 3, seconds: 60), "\(supervisor.output)\(supervisor.errorOutput)")
        // Only once worker's trap is set (a SIGQUIT before it would kill the shell outright).
        #expect(await supervisor.waitFor("worker: up", seconds: 30), "\(supervisor.output)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("var/formation.sqlite").path))

        // release: the reference provision, against the example's embedded store.
        #expect(supervisor.output.contains("| provisioned table=TwelveFactorApp created=true seeded=true store=sqlite"), "\(supervisor.output)")
        let released = supervisor.output.split(separator: "\n").firstIndex { $0.hasPrefix("supervisor | release.1 (pid") && $0.hasSuffix("exited with status 0") }
        let webSpawned = line("spawned web.1")
        #expect(released != nil, "\(supervisor.output)")
        #expect((released ?? .max) < (webSpawned ?? .min), "\(supervisor.output)")
        #expect(supervisor.output.contains("worker.1 waits for release:succeeded, web:ready"), "\(supervisor.output)")
        #expect(supervisor.output.components(separatedBy: "clock.1 (pid").count - 1 >= 2, "\(supervisor.output)")
        #expect(supervisor.output.contains("restarting clock.1"), "\(supervisor.output)")

        // worker spawns once web said READY=1 (FORMATION_READY=web=notify in the .env).
        let webReady = supervisor.output.split(separator: "\n").firstIndex { $0.contains("web.1 (pid") && $0.contains("is ready after") }
        let workerSpawned = line("spawned worker.1")
        #expect(webReady != nil, "\(supervisor.output)")
        #expect((webReady ?? .max) < (workerSpawned ?? .min), "\(supervisor.output)")

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit(seconds: 60) == 0, "\(supervisor.output)\(supervisor.errorOutput)")
        let quit = line("received SIGTERM (worker): sending SIGQUIT to 1 process group (grace period 30s)")
        let workerSays = line("| worker: SIGQUIT, finishing job")
        let workerGone = supervisor.output.split(separator: "\n").firstIndex { $0.hasPrefix("supervisor | worker.1 (pid") && $0.contains("exited with status 0") }
        let webSignalled = line("received SIGTERM, dependents gone (web): sending SIGTERM to 1 process group (grace period 5s)")
        #expect(quit != nil && workerSays != nil && workerGone != nil && webSignalled != nil, "\(supervisor.output)")
        #expect((quit ?? .max) < (workerSays ?? .min), "\(supervisor.output)")
        let workerDone = supervisor.output.split(separator: "\n").firstIndex { $0.contains("| worker: job") && $0.hasSuffix("done, exiting") }
        #expect((workerSays ?? .max) < (workerDone ?? .min), "\(supervisor.output)")
        #expect((workerDone ?? .max) < (workerGone ?? .min), "\(supervisor.output)")
        #expect((workerGone ?? .max) < (webSignalled ?? .min), "\(supervisor.output)")
        #expect(supervisor.output.contains("received SIGTERM (clock): sending SIGTERM to 1 process group (grace period 5s)"), "\(supervisor.output)")
        let webStopped = supervisor.output.split(separator: "\n").firstIndex { $0.hasPrefix("web.1 ") && $0.contains(#""msg":"stopped","status":0"#) }
        #expect((webSignalled ?? .max) < (webStopped ?? .min), "\(supervisor.output)")
    }
}
