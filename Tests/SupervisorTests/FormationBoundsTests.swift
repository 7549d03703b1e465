import Foundation
import PeerSupport
import Testing

/// Formation sizes are bounded before expansion: a huge or colliding count
/// is refused with one line, at once, by `scale` on a running formation and by `start`, `check`
/// and `export` at load; the formation keeps running unchanged.
@Suite("formation sizes are bounded before any instance is built", .serialized, .ownThread)
struct FormationBoundsTests {
    static let procfile = """
        web: while true; do sleep 0.1; done
        worker: while true; do sleep 0.1; done

        """

    /// Not a speed claim (a refusal takes milliseconds; docs/cli.md has the figure): the bound
    /// only tells "answered" from "never answered", as before the bound existed, when expanding
    /// two billion instances outlasted the client's 10 s timeout. A loaded CI machine took 2.2 s
    /// once, process starts included, so it stays well clear of that.
    static let promptly: TimeInterval = 8

    /// Runs `supervisor ARGS` (a short-lived command) and times it until it exits.
    static func timed(_ arguments: [String], in workspace: Workspace) async throws -> (status: Int32?, error: String, seconds: TimeInterval) {
        let started = Date()
        let client = try RunningSupervisor(arguments, in: workspace)
        let status = await client.waitForExit(seconds: 10)
        let seconds = Date().timeIntervalSince(started)
        print("FormationBoundsTests: supervisor \(arguments.joined(separator: " ").prefix(60)): exit \(status.map(String.init) ?? "none (killed)") after \(Int(seconds * 1000)) ms")
        return (status, client.errorOutput, seconds)
    }

    /// `status --json` as name -> (pid, port).
    static func formation(in workspace: Workspace) async throws -> [String: [Int?]] {
        let client = try RunningSupervisor(["status", "--json"], in: workspace)
        #expect(await client.waitForExit(seconds: 10) == 0, "status did not answer: \(client.errorOutput)")
        let object = try JSONSerialization.jsonObject(with: Data(client.output.utf8)) as? [String: Any]
        let rows = object?["instances"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
            (row["name"] as? String).map { ($0, [row["pid"] as? Int, row["port"] as? Int]) }
        })
    }

    /// Sends each `scale` in `refused` to a running formation (`start ARGS`): each answers one
    /// line containing its `expected` text within ``promptly``, exits 1, and changes nothing.
    func expectRefusedScales(start arguments: [String], _ refused: [(spec: String, expected: String)]) async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let supervisor = try RunningSupervisor(["start", "--no-color", "--no-timestamps"] + arguments, in: workspace)
        #expect(await supervisor.waitFor("spawned worker.1"))
        try await Task.sleep(for: .milliseconds(200))
        let before = try await Self.formation(in: workspace)
        #expect(!before.isEmpty)

        for (spec, expected) in refused {
            let reply = try await Self.timed(["scale", spec], in: workspace)
            #expect(reply.status == 1, "scale \(spec): \(reply.error)")
            #expect(reply.seconds < Self.promptly, "scale \(spec) took \(reply.seconds) s")
            let lines = reply.error.split(separator: "\n")
            #expect(lines.count == 1, "\(reply.error)")
            #expect(reply.error.contains(expected), "\(reply.error)")
        }

        #expect(try await Self.formation(in: workspace) == before, "the formation changed")
        #expect(!supervisor.output.contains("scaling to"), "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit(seconds: 10) == 0)
    }

    @Test("scale web=2000000000 answers one line naming the type, count and limit in milliseconds; the formation is unchanged")
    func hugeScaleIsRefusedAtOnce() async throws {
        try await expectRefusedScales(start: ["-m", "web=2,worker=1"], [
            // worker runs after web: web's limit is the 100 ports below worker's.
            ("web=2000000000", "scale: web=2000000000: web.101 would get port 5100, the port of worker.1: at most 100 web instances while worker runs"),
            // worker is the last type: the formation's ceiling binds.
            ("worker=2000000000", "scale: worker=2000000000: above the limit of 10000 instances in a formation; give worker at most 10000"),
            ("all=0,web=2000000000", "scale: web=2000000000: above the limit of 10000 instances in a formation"),
            ("web=99999999999999999999", "count 99999999999999999999 for 'web' in formation is too large"),
        ])
    }

    @Test("scale past the port range or into the next type's ports is refused with the limit; the formation is unchanged")
    func scalePastThePortsIsRefused() async throws {
        try await expectRefusedScales(start: ["-p", "65000", "-m", "web=0,worker=1"], [
            // worker's ports start at 65100: 436 fit up to 65535.
            ("worker=437", "scale: worker=437: worker.437 would get port 65536, above 65535: at most 436 worker instances fit from port 65100"),
            // web=101 would give web.101 worker.1's port.
            ("web=101", "scale: web=101: web.101 would get port 65100, the port of worker.1: at most 100 web instances while worker runs"),
        ])
    }

    @Test("start -m web=2000000000 (and FORMATION, check, export) fails at once with the line and exit status 78")
    func hugeStartIsRefusedAtOnce() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let cases: [(arguments: [String], expected: String)] = [
            (["start", "-m", "web=2000000000"], "supervisor: --formation: web=2000000000: web.101 would get port 5100, the port of worker.1"),
            (["start", "-m", "web=2000000000,worker=0"], "supervisor: --formation: web=2000000000: above the limit of 10000 instances in a formation"),
            (["start", "-m", "web=150"], "supervisor: --formation: web=150: web.101 would get port 5100, the port of worker.1: at most 100 web instances while worker runs"),
            (["start", "-p", "65000", "-m", "web=0,worker=600"], "supervisor: --formation: worker=600: worker.437 would get port 65536, above 65535: at most 436 worker instances"),
            (["start", "-m", "web=6000,worker=6000"], "web=6000: web.101 would get port 5100"),
            (["start", "-m", "web=100,worker=9901"], "supervisor: --formation: the formation would run 10001 instances (web=100,worker=9901), above the limit of 10000 in all"),
            (["check", "-m", "web=2000000000"], "supervisor: --formation: web=2000000000: web.101 would get port 5100"),
            (["export", "systemd", workspace.path + "/out", "-m", "worker=2000000000"], "supervisor: --formation: worker=2000000000: above the limit of 10000"),
        ]
        for (arguments, expected) in cases {
            let result = try await Self.timed(arguments, in: workspace)
            #expect(result.status == 78, "\(arguments): \(result.error)")
            #expect(result.seconds < Self.promptly, "\(arguments) took \(result.seconds) s")
            #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
            #expect(result.error.contains(expected), "\(result.error)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/out"))

        try workspace.write(".env", "FORMATION=all=0,worker=2000000000\n")
        let fromEnv = try await Self.timed(["start"], in: workspace)
        #expect(fromEnv.status == 78)
        #expect(fromEnv.seconds < Self.promptly)
        #expect(fromEnv.error.contains("supervisor: FORMATION: worker=2000000000: above the limit of 10000 instances in a formation"), "\(fromEnv.error)")
    }

    @Test("start TYPE checks the counts it runs: the named types at least one each")
    func startNamedTypesIsBounded() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        // The formation alone runs only web (worker=0); naming worker adds worker.1 at 65100.
        let result = try await Self.timed(["start", "-p", "65000", "-m", "web=150,worker=0", "web", "worker"], in: workspace)
        #expect(result.status == 78)
        #expect(result.error.contains("supervisor: start web worker: web=150: web.101 would get port 65100, the port of worker.1"), "\(result.error)")
    }
}
