import ArgumentParser
import Glibc

extension SupervisorCommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a one-off admin process in the formation's environment.",
            discussion: """
                NAME is a Procfile type (its command runs with ARGS appended, shell-quoted); anything else \
                runs as a shell command. stdin, stdout and stderr are inherited (a TTY works), signals are \
                forwarded, and the exit status is the process's own (128+N when it died by signal N).
                """)

        @OptionGroup var project: ProjectOptions

        @Option(name: [.customShort("t"), .long], help: "Seconds between the stop signal and SIGKILL for processes it leaves behind (default: the type's from $FORMATION_TIMEOUT, else 5).")
        var timeout: Double?

        @Argument(parsing: .captureForPassthrough, help: "NAME|COMMAND [ARGS...]")
        var command: [String] = []

        func validate() throws {
            guard !command.isEmpty else { throw ValidationError("say what to run: supervisor run NAME|COMMAND [ARGS...]") }
        }

        func run() throws {
            let environment = ProcessEnvironment.current()
            let loaded = try CommandSupport.load(project, formation: nil, port: nil, environment: environment, procfileRequired: false)
            let (name, line) = Self.commandLine(command, procfile: loaded)
            // A Procfile type is stopped as `start` stops it: its stop signal and grace period.
            let policy = try CommandSupport.orExit { () throws(SupervisorError) in
                try PolicyOptions.parse(
                    restart: [], stopSignal: [], timeout: timeout.map { ["\($0)"] } ?? [],
                    environment: loaded.environment.variables, origins: loaded.environment.origins,
                    knownTypes: loaded.processTypes.map(\.name))
            }
            let runner = OneOffRunner(
                name: name, command: line, environment: loaded.environment.variables, directory: loaded.root,
                policy: policy.policy(for: name), events: Self.journal(environment: environment))
            let status = try CommandSupport.orExit { () throws(SupervisorError) in try runner.run() }
            throw ExitCode(status)
        }

        /// The journal for the run's events (spawned, forwarded, exited, killing) when the sink
        /// would be journald for `start --log-sink auto`, else nil. Under a unit (fd 1 is its
        /// journal stream) the events leave out PROCESS_TYPE and PROCESS_INSTANCE: the exported
        /// units' `LogExtraFields=` name the instance. A journald that is not running is one
        /// warning, and the run goes on.
        static func journal(environment: [String: String]) -> LogSink? {
            let standardOutput = FileIdentity.of(fd: 1)
            guard LogDestination.resolve(.auto, environment: environment, standardOutput: standardOutput).usesJournal else { return nil }
            if let reason = JournalSocket.unavailableReason {
                CommandSupport.report(["journald is not running here (\(reason)): the run's events are not logged"])
                return nil
            }
            let socket: JournalSocket
            do {
                socket = try JournalSocket()
            } catch {
                CommandSupport.report(["\(error.description): the run's events are not logged"])
                return nil
            }
            let underUnit = LogDestination.isJournalStream(environment: environment, standardOutput: standardOutput)
            return JournaldSink(socket: socket, identifier: nil, eventInstanceFields: !underUnit, fallback: { nil })
        }

        /// A Procfile type gets its command with the arguments appended; anything else is a command.
        static func commandLine(_ words: [String], procfile project: Project) -> (name: String, line: String) {
            guard let first = words.first else { return ("run", "") }
            if let type = project.procfile?.processType(named: first) {
                let extra = words.dropFirst().map(ShellQuote.quote)
                return (type.name, ([type.command] + extra).joined(separator: " "))
            }
            if words.count == 1 { return ("run", first) }
            return ("run", words.map(ShellQuote.quote).joined(separator: " "))
        }
    }
}
