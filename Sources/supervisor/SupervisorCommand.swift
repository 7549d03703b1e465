import ArgumentParser
import CSupervisor
import ExitCodes
import Glibc

/// `supervisor`: runs a twelve-factor application's Procfile locally exactly as in production.
@main
struct SupervisorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervisor",
        abstract: "Run a Procfile formation, one-off admin processes, and check or export it.",
        version: SupervisorVersion.text,
        subcommands: [Start.self, Run.self, Check.self, Export.self, Status.self, Metrics.self, Restart.self, Stop.self, Scale.self, Signal.self, Logs.self, Shutdown.self, Reload.self, Trigger.self, Dashboard.self, Probe.self])

    /// Before anything opens a descriptor: closed 0, 1 and 2 are opened on /dev/null.
    static func main() {
        let error = fm_open_standard_fds()
        if error != 0 {
            // Nothing may be open to report it on.
            Glibc.exit(SysExit.osError)
        }
        main(nil)
    }
}
