import ArgumentParser
import ExitCodes
import Foundation
import Hummingbird
import Logging

/// `dashboard`: a live web page of a running formation, through its control socket only.
/// `supervisor dashboard` runs it with `FORMATION_CONTROL` set; it also runs as a Procfile type.
@main
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Serve a live page of the running formation: its instances, their logs, and restart, stop and scale buttons.")

    @Option(help: "The port (default: $PORT, else a free one).")
    var port: Int?

    @Option(help: "The address to listen on; anything but 127.0.0.1 exposes the page (behind its token) to the network.")
    var listen = "127.0.0.1"

    @Option(help: "The formation's control socket (default: $FORMATION_CONTROL).")
    var control: String?

    func run() async throws {
        let settings: DashboardSettings
        do {
            settings = try DashboardSettings.resolve(port: port, listen: listen, control: control, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("dashboard: \(error)\n".utf8))
            throw ExitCode(SysExit.configuration)
        }
        var logger = Logger(label: "dashboard")
        logger.logLevel = .warning
        let token = AccessToken.random()
        let app = buildApplication(settings: settings, token: token, logger: logger) { boundPort in
            // Unbuffered: whoever started it (a pipe, the supervisor) sees the URL at once.
            FileHandle.standardOutput.write(Data("dashboard: \(settings.url(port: boundPort, token: token)) (formation: \(settings.controlPath); Ctrl-C stops it)\n".utf8))
        }
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            FileHandle.standardError.write(Data("dashboard: cannot serve on \(settings.listen):\(settings.port): \(error); choose another --port or --listen\n".utf8))
            throw ExitCode(SysExit.unavailable)
        }
    }
}
