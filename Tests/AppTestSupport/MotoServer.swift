import Foundation
import PeerSupport

/// moto's DynamoDB server (`moto_server` from pip `moto[server]`), started on 127.0.0.1 and a
/// free port, stopped by ``stop()``. Its stdin is a pipe held here and its environment carries
/// no real AWS credentials or config.
public final class MotoServer: @unchecked Sendable {
    // @unchecked: all stored properties are set once in init; `Process` is thread-safe for
    // terminate and wait.
    public let port: Int
    let process: Process
    let logFile: URL

    private init(port: Int, process: Process, logFile: URL) {
        self.port = port
        self.process = process
        self.logFile = logFile
    }

    /// The endpoint URL.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts a server and waits until it answers; retries on another port if one was taken.
    public static func start() async throws -> MotoServer {
        var lastLog = ""
        for _ in 0..<3 {
            let port = try FreePort.find()
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-moto-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let log = directory.appendingPathComponent("log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try Peers.executable("moto_server"))
            process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
            process.standardInput = Pipe()
            process.standardOutput = handle
            process.standardError = handle
            process.environment = Peers.environment(TestEnvironment.withoutAWS(extra: ["PYTHONUNBUFFERED": "1"]))
            try process.run()
            let server = MotoServer(port: port, process: process, logFile: log)
            for _ in 0..<300 {
                if !process.isRunning { break }
                if await HTTPProbe.answers("http://127.0.0.1:\(port)/moto-api/") { return server }
                try await Task.sleep(for: .milliseconds(50))
            }
            lastLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            server.stop()
        }
        throw TestSupportError("moto_server did not start; its log:\n\(lastLog)")
    }

    /// Stops the server: SIGTERM, then SIGKILL after two seconds (moto's server may not stop on
    /// SIGTERM), and waits for it to exit.
    public func stop() {
        ProcessStopper.stop(process)
    }

    /// Runs `body` with a started server, stopping it afterwards, also on failure.
    public static func with<T>(_ body: (MotoServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            server.stop()
            return result
        } catch {
            server.stop()
            throw error
        }
    }

    /// The environment a process needs to use this server as DynamoDB.
    public var clientEnvironment: [String: String] {
        [
            "STORE_URL": "dynamodb:",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            "AWS_ACCESS_KEY_ID": "AKIDMOTOTESTING00001",
            "AWS_SECRET_ACCESS_KEY": "motoSecretKeyForTests/abcdefghijklmnopqrst",
        ]
    }
}
