import Foundation
import PeerSupport
import Testing

/// The control plane against another local user: a planted sockets' directory, an impostor
/// socket, a file at the socket's path, a second formation in the same root. Two real uids:
/// root runs the attacker (and the victim) under `setpriv`.
@Suite("control plane trust: the sockets' directory, impostors, stale paths", .serialized, .ownThread)
struct ControlTrustTests {
    static let procfile = "web: echo \"notify=$NOTIFY_SOCKET\"; while true; do sleep 0.1; done\n"
    static let victim = 61_001
    static let attacker = 61_002

    /// `command` as `uid` (group `uid`, no supplementary groups).
    static func `as`(_ uid: Int, _ command: String) -> String {
        "setpriv --reuid=\(uid) --regid=\(uid) --clear-groups \(command)"
    }

    /// A copy of the supervisor any uid can run (the build tree may be private to root).
    static func publicBinary(in workspace: Workspace) throws -> String {
        let path = workspace.path + "/supervisor"
        try FileManager.default.copyItem(atPath: SupervisorBinary.path, toPath: path)
        chmod(path, 0o755)
        chmod(workspace.path, 0o755)
        return path
    }

    enum Planted: String, CaseIterable {
        case worldWritable = "0777"
        case readable = "0755"
        case symlink
    }

    @Test("a sockets' directory another user planted (0777, 0755, a symlink) refuses the start with one line, exit 77, nothing made in it",
          .enabled(if: getuid() == 0), arguments: Planted.allCases)
    func plantedDirectory(_ planted: Planted) async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let binary = try Self.publicBinary(in: workspace)
        let directory = "/tmp/formation-\(Self.victim)"
        let target = "/tmp/formation-trust-target-\(UUID().uuidString)"
        try await Shell.run("rm -rf \(directory)")
        defer { _ = try? FileManager.default.removeItem(atPath: directory); _ = try? FileManager.default.removeItem(atPath: target) }
        switch planted {
        case .worldWritable, .readable:
            try await Shell.run(Self.as(Self.attacker, "mkdir -m \(planted.rawValue) \(directory)"))
        case .symlink:
            // The victim's own private directory, reached through the attacker's symlink.
            try await Shell.run("mkdir -m 0700 \(target) && chown \(Self.victim):\(Self.victim) \(target)")
            try await Shell.run(Self.as(Self.attacker, "ln -s \(target) \(directory)"))
        }
        let result = try await Shell.runCapturingStderr(
            "env -u XDG_RUNTIME_DIR -u FORMATION_CONTROL timeout 20 " + Self.as(Self.victim, "\(binary) start -d \(workspace.path) --no-color"))
        #expect(result.status == 77, "\(result.output) \(result.error)")
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1, "\(result.error)")
        #expect(result.error.contains("refusing the sockets' directory \(directory)"), "\(result.error)")
        #expect(result.error.contains("XDG_RUNTIME_DIR") && result.error.contains("--control"), "\(result.error)")
        switch planted {
        case .worldWritable, .readable:
            #expect(result.error.contains("owned by uid \(Self.attacker) with mode \(planted.rawValue)"), "\(result.error)")
        case .symlink:
            #expect(result.error.contains("is a symlink"), "\(result.error)")
        }
        let made = (try? FileManager.default.contentsOfDirectory(atPath: planted == .symlink ? target : directory)) ?? []
        #expect(made.isEmpty, "\(made)")
        #expect(!result.output.contains("spawned web.1"), "\(result.output)")
    }

    @Test("a socket another user listens on is refused by every client before a byte is sent: exit 69, naming the uid",
          .enabled(if: getuid() == 0))
    func impostorSocket() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        chmod(workspace.path, 0o777)
        let socket = workspace.path + "/impostor/c.sock"
        let received = workspace.path + "/impostor/received"
        let server = """
            import os, socket, sys
            os.makedirs(os.path.dirname(sys.argv[1]), mode=0o755)
            s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(16)
            open(sys.argv[1] + ".up", "w").close()
            total = 0
            s.settimeout(0.5)
            while not os.path.exists(sys.argv[1] + ".done"):
                try:
                    c, _ = s.accept()
                except OSError:
                    continue
                c.settimeout(0.5)
                try:
                    while True:
                        data = c.recv(65536)
                        if not data: break
                        total += len(data)
                        c.sendall(b'{"ok":true,"message":"stopped web.1","instances":[]}\\n')
                except OSError:
                    pass
                c.close()
                open(sys.argv[2], "w").write(str(total))
            open(sys.argv[2], "w").write(str(total))
            """
        try workspace.write("impostor.py", server)
        chmod(workspace.path + "/impostor.py", 0o644)
        let serve = Self.as(Self.attacker, "/usr/bin/python3 \(workspace.path)/impostor.py \(socket) \(received)")
        let impostor = Task { try await Shell.run(serve) }
        defer { FileManager.default.createFile(atPath: socket + ".done", contents: nil) }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: socket + ".up") {
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(FileManager.default.fileExists(atPath: socket + ".up"))

        let commands = [
            "\(SupervisorBinary.path) stop web --control \(socket)",
            "\(SupervisorBinary.path) status --control \(socket)",
            "FORMATION_CONTROL=\(socket) \(SupervisorBinary.path) shutdown",
        ]
        for command in commands {
            let result = try await Shell.runCapturingStderr(command, directory: workspace.path)
            #expect(result.status == 69, "\(command): \(result.output) \(result.error)")
            #expect(result.error.contains("refusing the control socket \(socket): it is held by uid \(Self.attacker)"), "\(result.error)")
            #expect(!result.output.contains("stopped web.1"), "\(result.output)")
        }
        FileManager.default.createFile(atPath: socket + ".done", contents: nil)
        _ = try await impostor.value
        #expect((try? String(contentsOfFile: received, encoding: .utf8)) ?? "0" == "0")
    }

    @Test("a file at the control socket's path is never deleted or changed: the start is refused, exit 77")
    func fileAtSocketPath() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: ["notes.txt": "my notes\n", "target.txt": "keep\n"])
        chmod(workspace.path + "/target.txt", 0o644)
        try FileManager.default.createSymbolicLink(atPath: workspace.path + "/link.sock", withDestinationPath: workspace.path + "/target.txt")
        for path in ["notes.txt", "link.sock"] {
            let start = try RunningSupervisor(["start", "--no-color", "--control", workspace.path + "/" + path], in: workspace)
            #expect(await start.waitForExit() == 77, "\(start.output) \(start.errorOutput)")
            #expect(start.errorOutput.contains("\(workspace.path)/\(path) exists and is not a socket"), "\(start.errorOutput)")
        }
        #expect(try workspace.read("notes.txt") == "my notes\n")
        #expect(try workspace.read("target.txt") == "keep\n")
        let mode = try FileManager.default.attributesOfItem(atPath: workspace.path + "/target.txt")[.posixPermissions] as? Int
        #expect(mode == 0o644)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: workspace.path + "/link.sock")) != nil)
    }

    @Test("two starts in the same root at the same moment: one runs, the other is refused, five times over")
    func simultaneousStarts() async throws {
        for _ in 0..<5 {
            let workspace = try Workspace(procfile: Self.procfile)
            let first = try RunningSupervisor(["start", "--no-color"], in: workspace)
            let second = try RunningSupervisor(["start", "--no-color"], in: workspace)
            // The loser asks the winner for its pid before it exits: wait for that, not a time.
            for _ in 0..<600 where [first, second].allSatisfy({ $0.process.isRunning }) {
                try await Task.sleep(for: .milliseconds(25))
            }
            for _ in 0..<400 where !(first.output + second.output).contains("spawned web.1") {
                try await Task.sleep(for: .milliseconds(25))
            }
            let running = [first, second].filter { $0.process.isRunning }
            #expect(running.count == 1, "first: \(first.errorOutput) second: \(second.errorOutput)")
            let refused = [first, second].first { !$0.process.isRunning }
            #expect(refused?.process.terminationStatus == 1)
            #expect(refused?.errorOutput.contains("a formation is already running in") == true, "\(refused?.errorOutput ?? "")")
            let status = try await ControlTests.control(["status", "--json"], in: workspace)
            #expect(status.status == 0)
            #expect(status.output.contains("\"pid\":\(running.first?.pid ?? -1)"), "\(status.output)")
            for supervisor in running { supervisor.signal(SIGTERM) }
            for supervisor in running { #expect(await supervisor.waitForExit() == 0) }
        }
    }

    @Test("--control none beside a running formation leaves its notify socket alone and gets one of its own")
    func controlNoneBesideAnother() async throws {
        let workspace = try Workspace(procfile: Self.procfile)
        let first = try RunningSupervisor(["start", "--no-color", "--no-timestamps"], in: workspace)
        #expect(await first.waitFor("notify="))
        let notify = try #require(Self.notifyPath(in: first.output))
        let inode = try FileManager.default.attributesOfItem(atPath: notify)[.systemFileNumber] as? Int
        let second = try RunningSupervisor(["start", "--no-color", "--no-timestamps", "--control", "none"], in: workspace)
        #expect(await second.waitFor("notify="), "\(second.output) \(second.errorOutput)")
        let own = try #require(Self.notifyPath(in: second.output))
        #expect(own != notify)
        #expect(own.hasSuffix("-\(second.pid).notify"), "\(own)")
        #expect(try FileManager.default.attributesOfItem(atPath: notify)[.systemFileNumber] as? Int == inode)
        #expect(try await ControlTests.control(["status"], in: workspace).status == 0)
        second.signal(SIGTERM)
        #expect(await second.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: own))
        #expect(FileManager.default.fileExists(atPath: notify))
        first.signal(SIGTERM)
        #expect(await first.waitForExit() == 0)
    }

    static func notifyPath(in output: String) -> String? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("notify=") }),
              let value = line.split(separator: "=", maxSplits: 1).last else { return nil }
        return String(value).trimmingCharacters(in: .whitespaces)
    }
}
