import ArgumentParser
import ControlProtocol
import Glibc

/// What the control commands share: one request to the running formation, its reply printed,
/// exit 0 when done, 1 when refused, 69 (EX_UNAVAILABLE) when no formation answers.
enum ControlCommand {
    /// Connects to the formation, or exits 69 saying where it looked.
    static func connect(_ options: ControlOptions) throws -> ControlConnection {
        let environment = ProcessEnvironment.current()
        let path = options.socketPath(environment: environment)
        switch ControlConnection.open(path) {
        case .success(let connection):
            return connection
        case .failure(let error) where error.code == .unsafeSocket:
            CommandSupport.report([error.description])
            throw ExitCode(CommandSupport.unavailable)
        case .failure(let error):
            CommandSupport.report(["no formation is running in \(options.rootDirectory) (\(error.description)); start one with `supervisor start`, or name its socket with --control"])
            throw ExitCode(CommandSupport.unavailable)
        }
    }

    /// Sends `request`, prints the reply (its message, or JSON), and exits accordingly.
    static func run(_ request: ControlRequest, _ options: ControlOptions, printBody: (JSONValue) -> Void = { _ in }) throws {
        var connection = try connect(options)
        // A restart is answered when it is done: each instance may take its ready timeout.
        let timeout: Int32 = if case .restart = request { 3_600_000 } else { 10_000 }
        let reply = try CommandSupport.orExit { () throws(SupervisorError) in try connection.ask(request, timeout: timeout) }
        if options.json {
            print(reply.body.serialized)
        } else if reply.ok {
            if let message = reply.body["message"]?.stringValue { print(message) }
            printBody(reply.body)
        }
        try accepted(reply)
    }

    /// A refused request: its reason on stderr, exit 1.
    static func accepted(_ reply: ControlReply) throws {
        guard reply.ok else {
            CommandSupport.report([reply.error ?? "refused"])
            throw ExitCode(CommandSupport.refused)
        }
    }
}

extension SupervisorCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every instance of the running formation: state, pid, port, restarts, uptime, CPU and memory.",
            discussion: "With --ready: exit 1 while an instance is starting, waiting for a dependency, in backoff or stopping, else 0 (an instance held by stop, or a one-shot that exited, does not count): a health check for ECS, Kubernetes or a script.")
        @OptionGroup var options: ControlOptions

        @Flag(help: "Exit 1 unless every instance is ready (states starting, waiting, backoff and stopping are not).")
        var ready = false

        func run() throws {
            var rows: [InstanceStatus] = []
            try ControlCommand.run(.status, options) { body in
                rows = (body["instances"]?.arrayValue ?? []).compactMap { try? InstanceStatus(json: $0) }
                print(StatusTable.render(rows))
                let admin = (body["admin"]?.arrayValue ?? []).compactMap { try? AdminStatus(json: $0) }
                if !admin.isEmpty { print("\n" + StatusTable.renderAdmin(admin)) }
            }
            let unready = rows.filter { ["starting", "waiting", "backoff", "stopping"].contains($0.state) }
            if ready, !unready.isEmpty {
                CommandSupport.report(["not ready: " + unready.map { "\($0.name) is \($0.state)" }.joined(separator: ", ")])
                throw ExitCode(CommandSupport.refused)
            }
        }
    }

    struct Restart: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restart instances (web.2) or every instance of types (web), one at a time; also starts stopped ones.")
        @OptionGroup var options: ControlOptions
        @Argument(help: "Process types or instances.") var targets: [String]

        func run() throws { try ControlCommand.run(.restart(targets: targets), options) }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop instances or types without restarting them; the rest of the formation keeps running.")
        @OptionGroup var options: ControlOptions
        @Argument(help: "Process types or instances.") var targets: [String]

        func run() throws { try ControlCommand.run(.stop(targets: targets), options) }
    }

    struct Scale: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change how many instances of each type run, e.g. web=4,worker=0.")
        @OptionGroup var options: ControlOptions
        @Argument(help: "The new counts: name=count,... (all=N for every type not named).") var formation: String

        func run() throws { try ControlCommand.run(.scale(formation: formation), options) }
    }

    struct Signal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a signal to the process groups of instances or types.")
        @OptionGroup var options: ControlOptions
        @Argument(help: "Process types or instances, then the signal (USR1, SIGHUP, 10...).") var arguments: [String]

        func validate() throws {
            guard arguments.count >= 2 else { throw ValidationError("say what to signal and with what: supervisor signal TARGET... SIGNAL") }
        }

        func run() throws {
            try ControlCommand.run(.signal(targets: Array(arguments.dropLast()), signal: arguments.last ?? ""), options)
        }
    }

    struct Shutdown: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the formation as SIGTERM would.")
        @OptionGroup var options: ControlOptions

        func run() throws { try ControlCommand.run(.shutdown, options) }
    }
}
