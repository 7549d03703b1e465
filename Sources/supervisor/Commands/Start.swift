import ArgumentParser
import Glibc
import Procfile

extension SupervisorCommand {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the formation: each process type as many times as the formation says.",
            discussion: """
                A type named release runs first and the others start once it exited 0 (--no-release skips it); \
                --after orders the rest, and a stop goes in reverse order (see docs/cli.md).

                Exit status: with --restart never, the status of the first process that exited (128+N when it \
                died by signal N; a type with its own --restart TYPE=never may exit 0 alone). When an instance reaches the restart limit: its last run's status, or 1 if \
                that run exited with 0. After SIGINT, SIGTERM, SIGQUIT or SIGHUP (with --sighup stop): 0 when every process stopped within \
                its grace period, 137 when one had to be killed with SIGKILL.
                """)

        @OptionGroup var project: ProjectOptions

        @Option(name: [.customShort("m"), .long], help: "Instances per type, e.g. web=2,worker=1 or all=2 (default: $FORMATION, else all=1).")
        var formation: String?

        @Option(name: [.customShort("p"), .long], help: "Base port (default: $PORT, else 5000). Type N of the Procfile gets base+100*N, +1 per instance.")
        var port: Int?

        @OptionGroup var policy: PolicyOptions

        @Option(help: "Seconds before the first restart; doubles after each consecutive failure.")
        var restartDelay: Double = 0.5

        @Option(help: "Longest delay between restarts, in seconds.")
        var restartDelayMax: Double = 30

        @Option(help: "Give up when an instance would start more than N times within SECONDS, as systemd's StartLimitBurst/StartLimitIntervalSec: N/SECONDS.")
        var restartLimit: String = "10/60"

        @Option(help: "Longest line shown whole, in bytes; longer lines are shown in pieces marked with … (bounded memory whatever a child writes).")
        var maxLineBytes: Int = 32 * 1024

        @Flag(help: "No colours, even on a terminal (also: NO_COLOR=1).")
        var noColor = false

        @Flag(help: "No HH:MM:SS timestamps.")
        var noTimestamps = false

        @Option(help: "terminal | journald | both | auto (journald when stdout is already the journal, JOURNAL_STREAM, or SUPERVISOR_LOG_SINK=journald).")
        var logSink: LogSinkOption = .auto

        @Option(help: "journald SYSLOG_IDENTIFIER for every entry (default: the process type; `supervisor` for the supervisor's own events).")
        var identifier: String?

        @Flag(help: "Connect each child's stdout and stderr straight to journald (no copy by the supervisor; no PROCESS_* fields).")
        var journaldDirect = false

        @Option(help: "The control socket for status, restart, stop, scale, logs (default: $FORMATION_CONTROL, else $XDG_RUNTIME_DIR/formation/HASH.sock or /tmp/formation-UID/HASH.sock, HASH from the root). `none`: no socket.")
        var control: String?

        @Option(help: "When an instance is ready, per type: TYPE=notify (it sends READY=1 to NOTIFY_SOCKET), TYPE=port (its PORT accepts a TCP connection), TYPE=check (its --check's first success; the default for a type with a check) or TYPE=started (the default for the others). Repeatable; also $FORMATION_READY=web=notify,worker=started.")
        var ready: [String] = []

        @Option(help: "Seconds an instance may take to become ready; later counts as a failure (the restart policy applies).")
        var readyTimeout: Double = 60

        @Option(help: "Bind the type's PORT once and pass the socket to every instance of the type (sd_listen_fds: fd 3, LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES): one port for all, and restarts without a refused connection. Repeatable; also $FORMATION_SOCKETS=web.")
        var socket: [String] = []

        @Option(help: "What SIGHUP does: reload (read the files again, as supervisor reload), stop (the formation, as foreman), or auto: stop when the supervisor has a controlling terminal (SIGHUP is its hang-up), else reload (systemd, containers).")
        var sighup: SighupMode = .auto

        @OptionGroup var watch: WatchOptions

        @Argument(help: "Process types to run (default: the whole formation).")
        var types: [String] = []

        func validate() throws {
            guard restartDelay > 0, restartDelayMax >= restartDelay, restartDelayMax <= 86_400 else {
                throw ValidationError("--restart-delay must be above 0 and at most --restart-delay-max (at most 86400), got \(restartDelay) and \(restartDelayMax)")
            }
            guard maxLineBytes >= 64, maxLineBytes <= 16 * 1024 * 1024 else {
                throw ValidationError("--max-line-bytes must be between 64 and 16777216, got \(maxLineBytes)")
            }
            guard RestartLimit(argument: restartLimit) != nil else {
                throw ValidationError("--restart-limit must be N/SECONDS with N from 1 and SECONDS above 0 (at most 86400), e.g. 10/60, got \(restartLimit.debugDescription)")
            }
            if let identifier {
                guard !identifier.isEmpty, identifier.utf8.count <= 256, !identifier.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                    throw ValidationError("--identifier must be 1 to 256 bytes without control characters, got \(identifier.debugDescription)")
                }
            }
            guard readyTimeout > 0, readyTimeout <= 86_400 else {
                throw ValidationError("--ready-timeout must be above 0 and at most 86400 seconds, got \(readyTimeout)")
            }
            if journaldDirect && logSink == .terminal {
                throw ValidationError("--journald-direct sends the children's output to journald: it needs --log-sink journald, both or auto, not terminal")
            }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let spec: FormationSpec
            do {
                spec = try self.spec(environment: environment)
            } catch {
                CommandSupport.report(error.problems)
                throw ExitCode(CommandSupport.configurationError)
            }
            let root = project.rootDirectory
            let members = spec.members
            let jobs = spec.jobs
            let style = TerminalStyle.resolve(noColor: noColor, noTimestamps: noTimestamps, environment: environment)
            let output = try makeSink(style: style, nameWidth: (members + jobs).map(\.name.count).max() ?? 0, environment: environment)
            var backoff = Backoff()
            backoff.initialMilliseconds = max(1, Int(restartDelay * 1000))
            backoff.maximumMilliseconds = max(backoff.initialMilliseconds, Int(restartDelayMax * 1000))
            var lifecycle = Lifecycle.Options(
                policy: spec.policy, backoff: backoff,
                restartLimit: RestartLimit(argument: restartLimit) ?? RestartLimit(),
                readiness: spec.readiness, readyTimeout: Duration.seconds(readyTimeout).milliseconds,
                sharedSockets: Set(spec.sockets))
            if sighup.resolved(hasTerminal: ControllingTerminal.exists()) == .reload { lifecycle.signalRoles[SIGHUP] = .reload }
            let derivedPath = ControlSocket.defaultPath(root: root, environment: environment)
            let controlPath = control == "none" ? nil : control ?? derivedPath
            let socketBase = controlPath ?? derivedPath
            let options = FormationRunner.Options(
                lifecycle: lifecycle, directory: root, environment: spec.environment,
                maxLineBytes: maxLineBytes, journalDirect: output.journalDirect, journalIdentifier: identifier,
                controlPath: controlPath, socketBase: socketBase,
                privateSocketDirectory: socketBase == derivedPath && ControlSocket.isDerived(environment: environment),
                procfile: spec.procfile, basePort: spec.basePort,
                notifyPath: ControlSocket.sibling(of: socketBase, ".notify"),
                sockets: spec.sockets, managerEnvironment: environment,
                spec: spec, reread: { () throws(Project.LoadError) in try self.spec(environment: environment) },
                watches: spec.watches)
            let status = try CommandSupport.orExit { () throws(SupervisorError) in
                try FormationRunner(instances: members + jobs, options: options, sink: output.sink).run()
            }
            throw ExitCode(status)
        }
    }
}

extension LogSinkOption: ExpressibleByArgument {}
