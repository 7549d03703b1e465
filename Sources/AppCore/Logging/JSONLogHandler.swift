#if canImport(Glibc)
import Glibc
#endif
import JSONText
import Logging
import Shared

/// A `LogHandler` writing one JSON object per line to a file descriptor, each with one
/// `write(2)`, or through a ``LogWriter`` that gathers lines and writes them from a thread of
/// its own (`web`'s access log: no system call on a request's path; `error` and `critical`
/// lines are written before `log` returns). Lines from concurrent tasks never interleave. Metadata becomes
/// top-level fields (integers and doubles as JSON numbers), which journald (via the supervisor),
/// CloudWatch Logs filter patterns (`{ $.status = 503 }`) and jq can filter on.
///
/// `{"ts":"2026-11-26T15:30:00.123Z","level":"info","label":"web","msg":"request","method":"GET",...}`
public struct JSONLogHandler: LogHandler {
    /// The logger's label, written as `label`.
    public var label: String { sink.label }
    /// The level below which nothing is written.
    public var logLevel: Logger.Level
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// Where lines go and the label's encoded text: one reference, so that the handler (with the
    /// level and the metadata) fits a `Logger`'s inline existential storage and setting a
    /// metadata key for each request (Hummingbird's request id) does not box a new copy.
    private let sink: JSONLogSink

    /// Creates a handler for `label` writing each line to `fd` itself.
    public init(label: String, level: Logger.Level = .info, fd: Int32 = 1) {
        self.logLevel = level
        sink = JSONLogSink(label: label, fd: fd, writer: nil)
    }

    /// Creates a handler for `label` writing through `writer`.
    public init(label: String, level: Logger.Level = .info, writer: LogWriter) {
        self.logLevel = level
        sink = JSONLogSink(label: label, fd: -1, writer: writer)
    }

    /// Access to one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var line = sink.begin(level: event.level, message: event.message.description)
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty { merged.merge(metadata) { fromEvent, _ in fromEvent } }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            JSONString.append(key, to: &line)
            line.append(UInt8(ascii: ":"))
            MetadataJSON.appendValue(value, to: &line)
        }
        sink.emit(&line, level: event.level)
    }

    /// Whether ``log(_:message:fields:)`` can write for this handler: it has no metadata of its
    /// own to merge (the fields are written as given).
    public var logsFieldsDirectly: Bool { metadata.isEmpty }

    /// Writes the line `log(event:)` writes for `message` at `level` with metadata whose keys,
    /// in sorted order, and values ``JSONFields`` appends, without building a metadata
    /// dictionary (one line per request is the access log's cost). Only for a handler with no
    /// metadata of its own (``logsFieldsDirectly``); the level is checked here.
    public func log(_ level: Logger.Level, message: String, fields: (inout JSONFields) -> Void) {
        guard level >= logLevel else { return }
        // Built apart and appended whole: building in the writer's buffer, under its lock, made
        // the event loops wait for each other (futex wake-ups cost more than the copy saved).
        var output = JSONFields(line: sink.begin(level: level, message: message))
        fields(&output)
        sink.emit(&output.line, level: level)
    }

    /// `2026-11-26T15:30:00.123Z`: UTC, milliseconds.
    static func appendTimestamp(to line: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        DecimalDigits.append(Int64(parts.tm_year) + 1900, width: 4, to: &line)
        line.append(UInt8(ascii: "-"))
        DecimalDigits.append(Int64(parts.tm_mon) + 1, width: 2, to: &line)
        line.append(UInt8(ascii: "-"))
        DecimalDigits.append(Int64(parts.tm_mday), width: 2, to: &line)
        line.append(UInt8(ascii: "T"))
        DecimalDigits.append(Int64(parts.tm_hour), width: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        DecimalDigits.append(Int64(parts.tm_min), width: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        DecimalDigits.append(Int64(parts.tm_sec), width: 2, to: &line)
        line.append(UInt8(ascii: "."))
        DecimalDigits.append(Int64(now.tv_nsec / 1_000_000), width: 3, to: &line)
        line.append(UInt8(ascii: "Z"))
    }
}
