import Foundation
import Hummingbird
import Logging
import NIOCore

/// The ceiling of `Benchmarks/app/run.sh`: the smallest Hummingbird 2 application, built from the
/// same dependency as `web`. `GET /` answers `All good !` as `web` does, with no middleware, no
/// store and no log. Listens on `127.0.0.1:$PORT` (0: a free port, printed on stdout).
///
/// Its logger is swift-log's default `StreamLogHandler` (level error), as in any Hummingbird app
/// that does not bootstrap logging: Hummingbird sets the request id in the logger's metadata for
/// every request, and that handler formats its metadata string each time it is set.
/// `HELLO_LOGGER=off` gives it a no-op handler instead: the framework with no logging cost at all.
@main
struct HelloCeiling {
    static func main() async throws {
        let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "0") ?? 0
        let router = Router()
        router.get("/") { _, _ in "All good !" }
        let off = ProcessInfo.processInfo.environment["HELLO_LOGGER"] == "off"
        var logger = off ? Logger(label: "hello-ceiling", factory: { _ in SwiftLogNoOpLogHandler() }) : Logger(label: "hello-ceiling")
        logger.logLevel = .error
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "hello-ceiling"),
            onServerRunning: { channel in FileHandle.standardOutput.write(Data("\(channel.localAddress?.port ?? 0)\n".utf8)) },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
