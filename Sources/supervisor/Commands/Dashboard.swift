import ArgumentParser
import Glibc

extension SupervisorCommand {
    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a live web page of the running formation (the `dashboard` executable, through the control socket).")
        @OptionGroup var options: ControlOptions

        @Option(help: "The port to listen on (default: a free one; the URL is printed).")
        var port: Int = 0

        @Option(help: "The address to listen on; anything but 127.0.0.1 exposes the page (still behind its token) to the network.")
        var listen = "127.0.0.1"

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
        }

        /// Checks that a formation answers, then replaces this process with `dashboard`, found
        /// next to this executable or in the matching build tree (`DashboardExecutable`), with
        /// `FORMATION_CONTROL` naming the socket.
        func run() throws {
            var environment = ProcessEnvironment.current()
            let socket = options.socketPath(environment: environment)
            _ = try ControlCommand.connect(options)
            let supervisorPath = Export.ownPath()
            guard let path = DashboardExecutable.find(besides: supervisorPath) else {
                CommandSupport.report([DashboardExecutable.missing(lookedIn: DashboardExecutable.candidates(besides: supervisorPath))])
                throw ExitCode(CommandSupport.unavailable)
            }
            environment["FORMATION_CONTROL"] = socket
            let error = DashboardExecutable.exec(path, arguments: ["--port", String(port), "--listen", listen], environment: environment)
            CommandSupport.report([SupervisorError.systemCall("execve", error, while: "starting the dashboard \(path)").description])
            throw ExitCode(CommandSupport.systemError)
        }
    }
}
