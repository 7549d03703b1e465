/// `--log-sink`: where children's lines and the supervisor's events go.
enum LogSinkOption: String, CaseIterable, Sendable {
    case terminal
    case journald
    case both
    /// journald when our stdout already is a journal stream (`JOURNAL_STREAM`) or
    /// `SUPERVISOR_LOG_SINK=journald`; the terminal otherwise.
    case auto
}

/// The resolved destination (no `auto` left).
enum LogDestination: Equatable, Sendable {
    case terminal
    case journald
    case both

    var usesJournal: Bool { self != .terminal }

    /// Resolves `auto` from the environment and the identity of fd 1. Pure: no I/O.
    static func resolve(_ option: LogSinkOption, environment: [String: String], standardOutput: FileIdentity?) -> LogDestination {
        switch option {
        case .terminal: return .terminal
        case .journald: return .journald
        case .both: return .both
        case .auto:
            switch environment["SUPERVISOR_LOG_SINK"] {
            case "journald": return .journald
            case "both": return .both
            case "terminal": return .terminal
            default: break
            }
            return isJournalStream(environment: environment, standardOutput: standardOutput) ? .journald : .terminal
        }
    }

    /// Whether fd 1 is the journal stream systemd gave a unit's service (`JOURNAL_STREAM` names
    /// its device and inode). Pure: no I/O.
    static func isJournalStream(environment: [String: String], standardOutput: FileIdentity?) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"].flatMap(FileIdentity.init(journalStream:)) else { return false }
        return stream == standardOutput
    }
}
