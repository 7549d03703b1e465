import Foundation
import PeerSupport

/// `Tests/AppEndToEndTests/Peers/delay_proxy.py`: an HTTP proxy in front of moto whose GetItem
/// requests wait a while, to keep a `/hello` in flight.
public final class DelayProxy: @unchecked Sendable {
    // @unchecked: immutable after init; `Process` is thread-safe for terminate and wait.
    let process: Process
    let stdin: Pipe
    /// The proxy's port on 127.0.0.1.
    public let port: Int

    /// Starts the proxy to `upstream` with `delay` seconds on each GetItem.
    public init(upstream: String, delay: Double) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("formation-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port").path
        let script = AppWorkspace.repositoryRoot.appendingPathComponent("Tests/AppEndToEndTests/Peers/delay_proxy.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Peers.python())
        process.arguments = [script, portFile, upstream, String(delay)]
        stdin = Pipe()
        process.standardInput = stdin
        process.environment = Peers.environment(TestEnvironment.withoutAWS())
        try process.run()
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) {
                self.port = port
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw TestSupportError("delay_proxy.py did not start")
    }

    /// The proxy's URL.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Stops the proxy.
    public func stop() {
        try? stdin.fileHandleForWriting.close()
        ProcessStopper.stop(process)
    }
}
