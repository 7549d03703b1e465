import AppTestSupport
import Foundation
import PeerSupport
import Testing

/// `supervisor start --watch`: real files changed under a running formation, real restarts.
@Suite("supervisor start --watch", .serialized, .ownThread)
struct WatchTests {
    /// A workspace whose files may sit in subdirectories.
    static func workspace(_ procfile: String, files: [String: String] = [:]) throws -> Workspace {
        let workspace = try Workspace(procfile: procfile)
        for (name, text) in files {
            let url = workspace.url.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try workspace.write(name, text)
        }
        return workspace
    }

    /// Writes in place (Foundation's atomic write would add its temporary file's name to the change).
    static func write(_ name: String, in workspace: Workspace, _ text: String) throws {
        try text.write(to: workspace.url.appendingPathComponent(name), atomically: false, encoding: .utf8)
    }

    static func pids(in workspace: Workspace) async throws -> [String: Int] {
        try await ReadinessTests.rows(in: workspace).compactMapValues { $0["pid"] as? Int }
    }

    /// Writes `text` to a new file beside `name` and renames it over `name`, as a linker does.
    static func replace(_ name: String, in workspace: Workspace, with text: String) throws {
        let path = workspace.url.appendingPathComponent(name).path
        let temporary = path + ".tmp\(UUID().uuidString.prefix(8))"
        #expect(FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)))
        #expect(rename(temporary, path) == 0)
    }

    static func count(_ text: String, in supervisor: RunningSupervisor) -> Int {
        supervisor.output.components(separatedBy: text).count - 1
    }

    @Test("a watched file replaced (written beside it and renamed over it): its type's instances restart one at a time on its socket, no request fails; the other types keep their pids")
    func replacedFileRollsItsType() async throws {
        let port = try FreePort.find()
        let server = GroupSafetyTests.peers.appendingPathComponent("graceful_fd3_server.py").path
        let workspace = try Self.workspace("web: exec python3 \(server)\nworker: exec sleep 100\n", files: [".env": "HOST=127.0.0.1\n", "bin/web": "1"])
        let supervisor = try ReadinessTests.start(workspace, ["-p", "\(port)", "-m", "web=2,worker=1", "--socket", "web", "--watch", "web=bin/web"])
        for _ in 0..<200 where Self.count("serving web on \(port)", in: supervisor) < 2 { try await Task.sleep(for: .milliseconds(50)) }
        let before = try await Self.pids(in: workspace)
        #expect(before.count == 3, "\(supervisor.output)")

        try Self.replace("bin/web", in: workspace, with: "2")
        var failures = 0
        var answered = 0
        let until = Date().addingTimeInterval(20)
        while Date() < until, !supervisor.output.contains("web.2: pid") {
            if TCPPort.get(port: port) != nil { answered += 1 } else { failures += 1 }
        }
        #expect(supervisor.output.contains("supervisor | web changed (bin/web): restarting web.1, web.2 one at a time"), "\(supervisor.output)")
        #expect(failures == 0, "\(failures) of \(answered + failures) requests failed")
        let after = try await Self.pids(in: workspace)
        #expect(after["web.1"] != before["web.1"] && after["web.2"] != before["web.2"], "\(before) \(after)")
        #expect(after["worker.1"] == before["worker.1"])
        #expect(Self.count("changed (", in: supervisor) == 1)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("touching a watched file restarts its type, stopped first without a socket")
    func touchRestarts() async throws {
        let workspace = try Self.workspace("web: exec sleep 100\nworker: exec sleep 100\n", files: ["web.conf": "a"])
        let supervisor = try ReadinessTests.start(workspace, ["-m", "web=1,worker=1", "--watch", "worker=web.conf"])
        #expect(await supervisor.waitFor("spawned worker.1"))
        let before = try await Self.pids(in: workspace)
        #expect(utimes(workspace.url.appendingPathComponent("web.conf").path, nil) == 0)
        #expect(await supervisor.waitFor("worker changed (web.conf): restarting worker.1 one at a time"), "\(supervisor.output)")
        for _ in 0..<200 where Self.count("spawned worker.1", in: supervisor) < 2 { try await Task.sleep(for: .milliseconds(50)) }
        let after = try await Self.pids(in: workspace)
        #expect(after["worker.1"] != nil && after["worker.1"] != before["worker.1"], "\(supervisor.output)")
        #expect(after["web.1"] == before["web.1"])
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("20 writes within about 100 ms are one restart")
    func burstIsOneRestart() async throws {
        let workspace = try Self.workspace("web: exec sleep 100\n", files: ["src/main.swift": ""])
        let supervisor = try ReadinessTests.start(workspace, ["--watch", "web=src"])
        #expect(await supervisor.waitFor("spawned web.1"))
        let file = workspace.url.appendingPathComponent("src/main.swift").path
        for index in 0..<20 {
            try "print(\(index))\n".write(toFile: file, atomically: false, encoding: .utf8)
            usleep(5000)
        }
        #expect(await supervisor.waitFor("web changed (src/main.swift): restarting web.1 one at a time"), "\(supervisor.output)")
        // Long past the quiet period: still one restart.
        try await Task.sleep(for: .milliseconds(1500))
        #expect(Self.count("changed (", in: supervisor) == 1, "\(supervisor.output)")
        #expect(Self.count("spawned web.1", in: supervisor) == 2, "\(supervisor.output)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("paths that do not exist at the start are watched for their creation, a directory's new subdirectories too")
    func createdLater() async throws {
        let workspace = try Workspace(procfile: "web: exec sleep 100\nworker: exec sleep 100\n")
        let supervisor = try ReadinessTests.start(workspace, ["--watch", "web=.build/debug/web", "--watch", "worker=src"])
        #expect(await supervisor.waitFor("spawned worker.1"))
        let url = workspace.url
        try FileManager.default.createDirectory(at: url.appendingPathComponent(".build/debug"), withIntermediateDirectories: true)
        try Self.write(".build/debug/web", in: workspace, "binary")
        #expect(await supervisor.waitFor("web changed (.build/debug/web): restarting web.1 one at a time"), "\(supervisor.output)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("src"), withIntermediateDirectories: true)
        #expect(await supervisor.waitFor("worker changed (src): restarting worker.1"), "\(supervisor.output)")
        for _ in 0..<200 where Self.count("spawned worker.1", in: supervisor) < 2 { try await Task.sleep(for: .milliseconds(50)) }
        // A subdirectory made after the start is watched in turn.
        try FileManager.default.createDirectory(at: url.appendingPathComponent("src/Routes"), withIntermediateDirectories: true)
        try await Task.sleep(for: .milliseconds(600))
        let restarts = Self.count("worker changed (", in: supervisor)
        try Self.write("src/Routes/hello.swift", in: workspace, "// hello")
        #expect(await supervisor.waitFor("worker changed (src/Routes/hello.swift)"), "\(supervisor.output)")
        #expect(Self.count("worker changed (", in: supervisor) == restarts + 1)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("editor swap files and .git restart nothing; a real edit then does")
    func ignoredNames() async throws {
        let workspace = try Self.workspace("web: exec sleep 100\n", files: ["src/main.swift": "", "src/.git/HEAD": "ref"])
        let supervisor = try ReadinessTests.start(workspace, ["--watch", "web=src"])
        #expect(await supervisor.waitFor("spawned web.1"))
        for name in ["src/.main.swift.swp", "src/.main.swift.swx", "src/main.swift~", "src/.#main.swift", "src/4913", "src/.git/HEAD", "src/.git/index"] {
            try Self.write(name, in: workspace, "noise")
        }
        try FileManager.default.removeItem(at: workspace.url.appendingPathComponent("src/4913"))
        try await Task.sleep(for: .milliseconds(1000))
        #expect(!supervisor.output.contains("changed ("), "\(supervisor.output)")
        try Self.write("src/main.swift", in: workspace, "print(1)")
        #expect(await supervisor.waitFor("web changed (src/main.swift): restarting web.1 one at a time"), "\(supervisor.output)")
        #expect(Self.count("changed (", in: supervisor) == 1)
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("bad --watch or FORMATION_WATCH: one line naming it, exit 78, nothing started", arguments: [
        (["--watch", "nope=src"], [:], [#"supervisor: --watch "nope=src" names the type "nope", which the Procfile does not have; the Procfile's types are web, backup-job"#]),
        (["--watch", "backup-job=scripts"], [:], [#"supervisor: --watch "backup-job=scripts": backup-job has no instances in this run (an admin type, or a count of 0), so there is nothing to restart; watch a type that runs"#]),
        (["--watch", "web="], [:], [#"supervisor: --watch "web=": the path is empty; give a file or directory, e.g. web=.build/debug/web"#]),
        ([], [".env": "FORMATION=web=1,backup-job=0\nFORMATION_WATCH=web=src,,\n"], ["/.env:2:", #"FORMATION_WATCH "web=src,,": the path is empty"#]),
    ] as [([String], [String: String], [String])])
    func badInput(arguments: [String], files: [String: String], expected: [String]) async throws {
        var files = files
        if files[".env"] == nil { files[".env"] = "FORMATION=web=1,backup-job=0\n" }
        let workspace = try Workspace(procfile: "web: exec sleep 100\nbackup-job: echo backup\n", files: files)
        let supervisor = try ReadinessTests.start(workspace, arguments)
        #expect(await supervisor.waitForExit() == 78)
        for fragment in expected { #expect(supervisor.errorOutput.contains(fragment), "\(supervisor.errorOutput)") }
        #expect(supervisor.errorOutput.split(separator: "\n").count == 1, "\(supervisor.errorOutput)")
        #expect(!supervisor.output.contains("spawned"))
    }
}
