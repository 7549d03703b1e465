import CJournald
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log backend that writes each message as one journald entry (through libsystemd's
/// `sd_journal_sendv`, linked dynamically), with the same fields
/// as the supervisor's journald sink: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER,
/// PROCESS_TYPE and PROCESS_INSTANCE (from `PS`, which the supervisor sets) and PROCESS_PID,
/// plus LOGGER_LABEL, LOGGER_SOURCE, CODE_FILE, CODE_LINE, CODE_FUNC, and every metadata key as
/// an upper-case field (`request-id` becomes `REQUEST_ID`).
///
/// When journald is missing or refuses the entry, the message goes to stderr instead, with
/// the reason: nothing is dropped silently.
///
/// ```swift
/// LoggingSystem.bootstrap { label in
///     JournaldLogHandler.isAvailable ? JournaldLogHandler(label: label) : StreamLogHandler.standardError(label: label)
/// }
/// ```
public struct JournaldLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    public var metadataProvider: Logger.MetadataProvider?
    public let label: String
    /// SYSLOG_IDENTIFIER of every entry.
    public let identifier: String
    private let processInstance: String?

    /// Whether journald listens on this machine (a connect probe of its socket: CJournald's,
    /// which the supervisor uses too).
    public static var isAvailable: Bool { fj_socket_check(FJ_NATIVE_SOCKET) == 0 }

    /// - Parameters:
    ///   - identifier: SYSLOG_IDENTIFIER; default: the process type from `PS` (`web` for
    ///     `web.1`), else `label`.
    ///   - processInstance: PROCESS_INSTANCE; default: `PS` from the environment.
    public init(label: String, identifier: String? = nil, processInstance: String? = nil, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        let instance = processInstance ?? getenv("PS").map { String(cString: $0) }
        self.processInstance = instance
        self.identifier = identifier ?? instance.map(Self.processType(of:)) ?? label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var entry = JournalEntry()
        entry.append("MESSAGE", event.message.description)
        entry.append("PRIORITY", String(Self.priority(of: event.level)))
        entry.append("SYSLOG_IDENTIFIER", identifier)
        entry.append("PROCESS_PID", String(getpid()))
        if let processInstance {
            entry.append("PROCESS_INSTANCE", processInstance)
            entry.append("PROCESS_TYPE", Self.processType(of: processInstance))
        }
        entry.append("LOGGER_LABEL", label)
        entry.append("LOGGER_SOURCE", event.source)
        entry.append("LOGGER_LEVEL", event.level.rawValue)
        entry.append("CODE_FILE", event.file)
        entry.append("CODE_LINE", String(event.line))
        entry.append("CODE_FUNC", event.function)
        if let error = event.error { entry.append("ERROR", String(describing: error)) }
        for (key, value) in mergedMetadata(event.metadata).sorted(by: { $0.key < $1.key }) {
            entry.append(JournalEntry.fieldName(for: key), value.description)
        }
        if let failure = JournalSender.send(entry) {
            StandardErrorFallback.report(label: label, level: event.level, message: event.message.description, reason: failure)
        }
    }

    private func mergedMetadata(_ explicit: Logger.Metadata?) -> Logger.Metadata {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit { merged.merge(explicit) { $1 } }
        return merged
    }

    /// syslog priorities: trace and debug 7, info 6, notice 5, warning 4, error 3, critical 2.
    public static func priority(of level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    /// `web` for `web.1`.
    static func processType(of instance: String) -> String {
        instance.lastIndex(of: ".").map { String(instance[..<$0]) } ?? instance
    }
}
