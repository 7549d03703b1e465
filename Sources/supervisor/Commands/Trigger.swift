import ArgumentParser
import ControlProtocol

extension SupervisorCommand {
    /// `supervisor trigger TYPE [ARGS...]`: the run a schedule would start, now, inside the
    /// running formation; it waits for the run's end and exits with its status.
    struct Trigger: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run an admin type (formation count 0) once inside the running formation, and wait for it to end.",
            discussion: """
                The run is the one its schedule (--schedule) would start: the formation's environment, the type's \
                command with ARGS appended (shell-quoted, as `supervisor run` does), output prefixed in the \
                formation's logs and journald. Refused (exit 1) while a run of the type is going, and for a type \
                with instances (use restart). Exit status: the run's own (128+N when signal N ended it).
                """)

        @OptionGroup var options: ControlOptions

        @Argument(parsing: .captureForPassthrough, help: "TYPE [ARGS...]")
        var words: [String] = []

        func validate() throws {
            guard let type = words.first, !type.isEmpty else {
                throw ValidationError("say which admin type to run: supervisor trigger TYPE [ARGS...]")
            }
        }

        func run() throws {
            var connection = try ControlCommand.connect(options)
            let request = ControlRequest.trigger(type: words.first ?? "", arguments: Array(words.dropFirst()))
            // Answered when the run ends, however long it takes (-1: no timeout).
            let reply = try CommandSupport.orExit { () throws(SupervisorError) in try connection.ask(request, timeout: -1) }
            if options.json {
                print(reply.body.serialized)
            } else if reply.ok, let message = reply["message"]?.stringValue {
                print(message)
            }
            try ControlCommand.accepted(reply)
            let status = reply["exit_code"]?.intValue ?? 0
            throw ExitCode(Int32(clamping: status))
        }
    }
}
