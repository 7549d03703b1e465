import ArgumentParser
import ControlProtocol

extension SupervisorCommand {
    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the Procfile, .env files and per-type policy again, as start read them, and apply only the difference.",
            discussion: """
                New types start, removed types stop, a changed count is a scale, and a type whose command, \
                environment or policy changed restarts one instance at a time (rolling on its shared socket); \
                unchanged types keep their processes. Everything is checked first: on any problem nothing \
                changes and every problem is listed (exit 78). Answered once the restarts are done.
                """)
        @OptionGroup var options: ControlOptions

        @Flag(help: "Print the plan without applying it.")
        var dryRun = false

        func run() throws {
            var connection = try ControlCommand.connect(options)
            // Answered when its restarts are done: each instance may take its ready timeout.
            let reply = try CommandSupport.orExit { () throws(SupervisorError) in
                try connection.ask(.reload(dryRun: dryRun), timeout: 3_600_000)
            }
            if options.json {
                print(reply.body.serialized)
            } else {
                for line in reply["plan"]?.arrayValue?.compactMap(\.stringValue) ?? [] { print(line) }
                if reply.ok, let message = reply["message"]?.stringValue { print(message) }
            }
            if let problems = reply["problems"]?.arrayValue?.compactMap(\.stringValue), !reply.ok {
                CommandSupport.report([reply.error ?? "nothing changed"] + problems)
                throw ExitCode(CommandSupport.configurationError)
            }
            try ControlCommand.accepted(reply)
        }
    }
}
