import Foundation
import PeerSupport
import Testing

/// One same-user client cannot make the supervisor deaf: a flood of request lines, idle
/// connections filling every slot, descriptors running out. Figures belong to
/// Benchmarks/control-flood.sh; these check that the formation keeps answering at all.
@Suite("control socket under a flood, idle clients and EMFILE", .serialized, .ownThread)
struct ControlFloodTests {
    static let procfile = "web: while true; do sleep 0.1; done\n"

    /// Writes "x\\n" as fast as it can and reads what comes back; then 15 more connections
    /// take every other slot and send nothing.
    static let flooder = """
        import os, socket, sys, threading, time
        c = socket.socket(socket.AF_UNIX); c.connect(sys.argv[1])
        def drain():
            try:
                while c.recv(65536): pass
            except OSError: pass
        threading.Thread(target=drain, daemon=True).start()
        chunk = b"x\\n" * 32768
        c.sendall(chunk)
        idle = [socket.socket(socket.AF_UNIX) for _ in range(15)]
        for s in idle: s.settimeout(2); s.connect(sys.argv[1])
        open(sys.argv[2], "w").close()
        end = time.monotonic() + float(sys.argv[3])
        try:
            while time.monotonic() < end: c.sendall(chunk)
        except OSError: pass
        """

    static func rssKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// User plus system CPU ticks of a process (`/proc/PID/stat` fields 14 and 15).
    static func cpuTicks(_ pid: Int32) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    @Test("one client flooding request lines and 15 idle ones in every other slot: status still answers, memory stays flat, SIGTERM is honoured")
    func flood() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: ["flood.py": Self.flooder])
        let socket = workspace.path + "/c.sock"
        let supervisor = try RunningSupervisor(["start", "--no-color", "--control", socket, "-t", "3"], in: workspace)
        #expect(await supervisor.waitFor("spawned web.1"))
        try await Task.sleep(for: .milliseconds(300))
        let idle = try #require(Self.rssKiB(supervisor.pid))
        let directory = workspace.path
        let flooding = Task { try await Shell.run("python3 flood.py \(socket) flooding 30", directory: directory) }
        defer { flooding.cancel() }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: workspace.path + "/flooding") {
            try await Task.sleep(for: .milliseconds(25))
        }
        try await Task.sleep(for: .seconds(1))
        var answered = 0
        for _ in 0..<5 {
            let status = try await ControlTests.control(["status", "--control", socket], in: workspace)
            if status.status == 0 && status.output.contains("web.1") { answered += 1 }
        }
        #expect(answered == 5)
        let during = try #require(Self.rssKiB(supervisor.pid))
        #expect(during < idle + 32 * 1024, "RSS \(idle) KiB idle, \(during) KiB during the flood")
        let stopAsked = Date()
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit(seconds: 10) == 0)
        // Within the 3 s grace plus a loaded machine's margin; deaf, it took over 30 s.
        #expect(Date().timeIntervalSince(stopAsked) < 8, "SIGTERM took \(Date().timeIntervalSince(stopAsked)) s")
    }

    @Test("accept running out of descriptors backs off instead of spinning; the socket answers once they are free")
    func descriptorsRunOut() async throws {
        let holder = """
            import socket, sys, time
            held = []
            for _ in range(40):
                s = socket.socket(socket.AF_UNIX); s.settimeout(1)
                try:
                    s.connect(sys.argv[1]); held.append(s)
                except OSError: break
            open(sys.argv[2], "w").close()
            time.sleep(float(sys.argv[3]))
            """
        let workspace = try Workspace(procfile: Self.procfile, files: ["hold.py": holder])
        let socket = workspace.path + "/c.sock"
        let supervisor = try RunningSupervisor(
            ["start", "--no-color", "--control", socket], in: workspace, environment: [:], limitDescriptors: 24)
        #expect(await supervisor.waitFor("spawned web.1"))
        try await Task.sleep(for: .milliseconds(300))
        let directory = workspace.path
        let holding = Task { try await Shell.run("python3 hold.py \(socket) holding 2.5", directory: directory) }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: workspace.path + "/holding") {
            try await Task.sleep(for: .milliseconds(25))
        }
        let before = try #require(Self.cpuTicks(supervisor.pid))
        try await Task.sleep(for: .seconds(2))
        let after = try #require(Self.cpuTicks(supervisor.pid))
        // 2 s of a spinning loop is about 200 ticks; a backed-off one a handful.
        #expect(after - before < 40, "\(after - before) ticks of CPU in 2 s while accept had no descriptors")
        _ = try await holding.value
        let status = try await ControlTests.control(["status", "--control", socket], in: workspace)
        #expect(status.status == 0, "\(status.error)")
        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }
}
