import Foundation
import PeerSupport

/// A real peer process the tests start (a python script or moto_server) on 127.0.0.1 and stop.
/// The child's stdin is a pipe we hold: python peers exit when it closes, so they do not outlive
/// a crashed test run.
final class PeerProcess: @unchecked Sendable {
    // @unchecked: `process` and `stdin` are set once in init and only read afterwards; `Process`
    // itself is thread-safe for terminate/wait.
    let process: Process
    let stdin: Pipe
    let port: Int
    let logFile: URL

    enum PeerError: Error, CustomStringConvertible {
        case didNotStart(String, log: String)
        var description: String {
            switch self {
            case .didNotStart(let what, let log): "\(what) did not start; its log:\n\(log)"
            }
        }
    }

    private init(process: Process, stdin: Pipe, port: Int, logFile: URL) {
        self.process = process
        self.stdin = stdin
        self.port = port
        self.logFile = logFile
    }

    /// Starts `Peers/<script> <portfile> <arguments...>` with the peers' Python and waits for it to
    /// report its port.
    static func python(_ script: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> PeerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        let log = directory.appendingPathComponent("log")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Peers.python())
        process.arguments = [TestPaths.peers.appendingPathComponent(script).path, portFile.path] + arguments
        let (stdin, _) = try launch(process, log: log, environment: environment)
        for _ in 0..<300 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                return PeerProcess(process: process, stdin: stdin, port: port, logFile: log)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw PeerError.didNotStart(script, log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Starts moto's server (`moto_server -H 127.0.0.1 -p <free port>`, via Peers/run_moto.py,
    /// which kills it when our end of its stdin closes) and waits until it answers.
    static func moto(environment: [String: String] = [:]) async throws -> PeerProcess {
        try await python("run_moto.py", [], environment: environment)
    }

    private static func launch(_ process: Process, log: URL, environment: [String: String]) throws -> (Pipe, FileHandle) {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = handle
        process.standardError = handle
        var env = ProcessInfo.processInfo.environment
        // moto must not pick up real credentials or config from the developer's machine.
        for key in env.keys where key.hasPrefix("AWS_") { env[key] = nil }
        env.merge(environment) { _, new in new }
        env["PYTHONUNBUFFERED"] = "1"
        process.environment = Peers.environment(env)
        try process.run()
        return (stdin, handle)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops the peer: closes its stdin (the peers exit on that), then SIGKILL if it lingers.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        for _ in 0..<100 where process.isRunning {
            usleep(20_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Runs `body` with a started peer, stopping it afterwards even on failure.
    static func with<T>(_ start: () async throws -> PeerProcess, _ body: (PeerProcess) async throws -> T) async throws -> T {
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
