import Glibc

extension SupervisorCommand.Start {
    /// The sink `--log-sink` asks for, and whether `--journald-direct` can be honoured.
    struct Output {
        let sink: LogSink
        let journalDirect: Bool
    }

    /// Builds the sink. When journald is wanted but its socket is missing, prints one warning
    /// and uses the terminal instead: nothing is dropped silently.
    func makeSink(style: TerminalStyle, nameWidth: Int, environment: [String: String]) throws -> Output {
        let makeTerminal = { () throws -> LogSink in
            let writer = try CommandSupport.orExit { () throws(SupervisorError) in try OutputWriter(fd: 1) }
            return TerminalSink(style: style, nameWidth: nameWidth, writer: writer)
        }
        // --journald-direct asks for journald: under `auto` it needs no --log-sink too.
        let option = journaldDirect && logSink == .auto ? .journald : logSink
        let destination = LogDestination.resolve(option, environment: environment, standardOutput: FileIdentity.of(fd: 1))
        guard destination.usesJournal else { return Output(sink: try makeTerminal(), journalDirect: false) }
        if let reason = JournalSocket.unavailableReason {
            CommandSupport.report(["journald is not running here (\(reason)): writing to the terminal instead"])
            return Output(sink: try makeTerminal(), journalDirect: false)
        }
        let socket = try CommandSupport.orExit { () throws(SupervisorError) in try JournalSocket() }
        if destination == .both {
            // The terminal already shows everything: a failing journal only needs its warning.
            let journal = JournaldSink(socket: socket, identifier: identifier, fallback: { nil })
            return Output(sink: TeeSink(try makeTerminal(), journal), journalDirect: journaldDirect)
        }
        let journal = JournaldSink(socket: socket, identifier: identifier, fallback: { try? makeTerminal() })
        return Output(sink: journal, journalDirect: journaldDirect)
    }
}
