import Foundation
import PeerSupport

/// A helper script the tests run with the peers' Python (a fake AWS endpoint, a proxy, moto's
/// launcher) on 127.0.0.1. It is started as `python3 <script> <portfile> <arguments...>`, writes
/// the port it listens on to `<portfile>`, and exits when its stdin (a pipe held here) closes, so
/// it does not outlive a crashed test run. Its environment carries no real AWS credentials or
/// config, and its output goes to a log file that a failure to start quotes.
public final class PeerProcess: @unchecked Sendable {
    // @unchecked: every stored property is set once in init; `Process` is thread-safe for
    // isRunning, kill and wait.
    let process: Process
    let stdin: Pipe
    /// The port it listens on, on 127.0.0.1.
    public let port: Int

    private init(process: Process, stdin: Pipe, port: Int) {
        self.process = process
        self.stdin = stdin
        self.port = port
    }

    /// Its URL, such as `http://127.0.0.1:49152`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Whether it is still running.
    public var isRunning: Bool { process.isRunning }

    /// Starts `script` with `arguments` and `environment` added to this process's environment
    /// (less every `AWS_` variable and the formation's own), and waits for it to report its port.
    public static func python(_ script: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> PeerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        let log = directory.appendingPathComponent("log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Peers.python())
        process.arguments = [script.path, portFile.path] + arguments
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.environment = Peers.environment(TestEnvironment.withoutAWS(extra: environment.merging(["PYTHONUNBUFFERED": "1"]) { _, new in new }))
        try process.run()
        let peer = { (port: Int) in PeerProcess(process: process, stdin: stdin, port: port) }
        // The port file and the log are read only while it starts: the directory goes then (the
        // peer writes on to its unlinked log), so that a peer nobody stops (a process-wide
        // server that dies with the test process) leaves nothing behind either.
        defer { try? FileManager.default.removeItem(at: directory) }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) { return peer(port) }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        peer(0).stop()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw TestSupportError("\(script.lastPathComponent) did not start; its log:\n\(output)")
    }

    /// Stops it: closes its stdin (the peers exit on that), SIGKILL if it is still running two
    /// seconds later, and waits for the exit. Polls instead of `waitUntilExit()`, which spins a
    /// run loop off the main thread.
    public func stop() {
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { usleep(10_000) }
    }

    /// Runs `body` with a started peer, stopping it afterwards, also on failure.
    public static func with<T>(_ start: () async throws -> PeerProcess, _ body: (PeerProcess) async throws -> T) async throws -> T {
        let peer = try await start()
        do {
            let result = try await body(peer)
            peer.stop()
            return result
        } catch {
            peer.stop()
            throw error
        }
    }
}
