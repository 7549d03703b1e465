import Foundation
import Testing

/// `supervisor probe`, the client of the ECS `healthCheck`, the Kubernetes `exec` probe and the
/// systemd check unit, against a real HTTP server and real commands.
@Suite("supervisor probe", .serialized, .ownThread)
struct ProbeTests {
    /// Answers by path: /ok 200 (503 once the file `sick` exists), /moved 302, /bad 503,
    /// /hang never (the connection stays open). Prints its port first.
    static let server = """
        import os, socket, threading
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        print(listener.getsockname()[1], flush=True)
        held = []
        def serve(connection):
            path = connection.recv(4096).split(b" ")[1]
            if path == b"/hang":
                held.append(connection)
                return
            sick = os.path.exists("sick")
            status = {b"/ok": b"503 Sick" if sick else b"200 OK", b"/moved": b"302 Found"}.get(path, b"503 Unavailable")
            connection.sendall(b"HTTP/1.1 " + status + b"\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n")
            connection.close()
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

        """

    /// The server running in `workspace`, and its port.
    static func startServer(in workspace: Workspace) throws -> (process: Process, port: Int) {
        try workspace.write("server.py", Self.server)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", "server.py"]
        process.currentDirectoryURL = URL(fileURLWithPath: workspace.path)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line: [UInt8] = []
        while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != UInt8(ascii: "\n") { line.append(byte) }
        let port = try #require(Int(String(decoding: line, as: UTF8.self)))
        return (process, port)
    }

    /// SIGKILL, not `terminate()`: the test process blocks SIGTERM, and its children inherit the mask.
    static func stop(_ server: Process) {
        guard server.isRunning else { return }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
    }

    private func probe(_ arguments: [String], in workspace: Workspace) async throws -> (status: Int32?, output: String, errors: String) {
        let supervisor = try RunningSupervisor(["probe"] + arguments, in: workspace)
        let status = await supervisor.waitForExit(seconds: 30)
        return (status, supervisor.output, supervisor.errorOutput)
    }

    @Test("http: 2xx and 3xx are healthy (exit 0); another status, a refused port and no answer within the timeout are not (exit 1, one line)")
    func http() async throws {
        let workspace = try Workspace(procfile: "web: ./web\n")
        let (server, port) = try Self.startServer(in: workspace)
        defer { Self.stop(server) }
        #expect(try await probe(["--port", String(port), "http:/ok"], in: workspace).status == 0)
        #expect(try await probe(["--port", String(port), "http:/moved"], in: workspace).status == 0)
        let bad = try await probe(["--port", String(port), "http:/bad"], in: workspace)
        #expect(bad.status == 1 && bad.errors == "supervisor: http:/bad on port \(port): HTTP 503\n", "\(bad.errors)")
        let hung = try await probe(["--port", String(port), "--timeout", "0.5", "http:/hang"], in: workspace)
        #expect(hung.status == 1 && hung.errors.contains("timed out after 0.5s"), "\(hung.errors)")
        Self.stop(server)
        let refused = try await probe(["--port", String(port), "tcp"], in: workspace)
        #expect(refused.status == 1 && refused.errors.contains("ECONNREFUSED"), "\(refused.errors)")
    }

    @Test("exec: PORT is the instance's, exit 0 is healthy, and a command past its timeout is killed with its whole group")
    func exec() async throws {
        let workspace = try Workspace(procfile: "web: ./web\n")
        #expect(try await probe(["--port", "6100", "exec:test \"$PORT\" = 6100"], in: workspace).status == 0)
        let failed = try await probe(["exec:exit 3"], in: workspace)
        #expect(failed.status == 1 && failed.errors == "supervisor: exec:exit 3: exited with status 3\n", "\(failed.errors)")
        let hung = try await probe(["--timeout", "0.5", "exec:sleep 60 & echo $! > background.pid; wait"], in: workspace)
        #expect(hung.status == 1 && hung.errors.contains("timed out after 0.5s"), "\(hung.errors)")
        let background = try #require(Int32(try workspace.read("background.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed with the group: gone, or a zombie waiting for its new parent to reap it.
        let state = (try? String(contentsOfFile: "/proc/\(background)/stat", encoding: .utf8))?.split(separator: ")").last?.split(separator: " ").first
        #expect(state == nil || state == "Z", "the check's background process is still \(state ?? "?")")
    }

    @Test("--watch: healthy once, then the failures in a row end it with status 1 and a line naming the check and the answer")
    func watch() async throws {
        let workspace = try Workspace(procfile: "web: ./web\n")
        let (server, port) = try Self.startServer(in: workspace)
        defer { Self.stop(server) }
        let watcher = try RunningSupervisor(["probe", "--watch", "--port", String(port), "--interval", "0.2", "--failures", "2", "http:/ok"], in: workspace)
        #expect(await watcher.waitFor("http:/ok on port \(port): healthy (HTTP 200)"))
        try workspace.write("sick", "")
        #expect(await watcher.waitForExit(seconds: 30) == 1)
        #expect(watcher.errorOutput.contains("supervisor: http:/ok on port \(port) failed 1 of 2 in a row: HTTP 503\n"), "\(watcher.errorOutput)")
        #expect(watcher.errorOutput.contains("supervisor: http:/ok on port \(port) failed 2 of 2 in a row: HTTP 503; unhealthy\n"))

        // Failures before the first success do not count, until the ready timeout.
        Self.stop(server)
        let never = try await probe(["--watch", "--port", String(port), "--ready-timeout", "1", "--failures", "1", "tcp"], in: workspace)
        #expect(never.status == 1 && never.errors.contains("tcp on port \(port) has not succeeded within 1s (--ready-timeout)"), "\(never.errors)")
    }

    @Test("a check that is none, and http without a port, are refused")
    func refused() async throws {
        let workspace = try Workspace(procfile: "web: ./web\n")
        let bogus = try await probe(["--port", "1", "ftp:/"], in: workspace)
        #expect(bogus.status == 64 && bogus.errors.contains("'ftp:/' is no check; use http:PATH"), "\(bogus.errors)")
        let portless = try RunningSupervisor(["probe", "http:/"], in: workspace, environment: ["PORT": ""])
        #expect(await portless.waitForExit() == 78)
        #expect(portless.errorOutput.contains("probe http:/ needs the instance's port: pass --port or set PORT"), "\(portless.errorOutput)")
    }
}
