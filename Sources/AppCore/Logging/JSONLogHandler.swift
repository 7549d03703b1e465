#if canImport(Glibc)
import Glibc
#endif
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
    public let label: String
    /// The level below which nothing is written.
    public var logLevel: Logger.Level
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    private let fd: Int32
    private let writer: LogWriter?

    /// Creates a handler for `label` writing each line to `fd` itself.
    public init(label: String, level: Logger.Level = .info, fd: Int32 = 1) {
        self.label = label
        self.logLevel = level
        self.fd = fd
        writer = nil
    }

    /// Creates a handler for `label` writing through `writer`.
    public init(label: String, level: Logger.Level = .info, writer: LogWriter) {
        self.label = label
        self.logLevel = level
        fd = -1
        self.writer = writer
    }

    /// Access to one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var line = Self.begin(level: event.level, label: label, message: event.message.description)
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty { merged.merge(metadata) { fromEvent, _ in fromEvent } }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            JSONText.appendString(key, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONText.appendValue(value, to: &line)
        }
        emit(&line, level: event.level)
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
        var output = JSONFields(line: Self.begin(level: level, label: label, message: message))
        fields(&output)
        emit(&output.line, level: level)
    }

    /// `{"ts":...,"level":...,"label":...,"msg":...` with no closing brace.
    private static func begin(level: Logger.Level, label: String, message: String) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(contentsOf: #"{"ts":""#.utf8)
        appendTimestamp(to: &line)
        line.append(contentsOf: #"","level":""#.utf8)
        line.append(contentsOf: level.rawValue.utf8)
        line.append(contentsOf: #"","label":"#.utf8)
        JSONText.appendString(label, to: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        JSONText.appendString(message, to: &line)
        return line
    }

    /// Closes `line` and writes it: through the writer, or with `write(2)` on the descriptor.
    private func emit(_ line: inout [UInt8], level: Logger.Level) {
        line.append(contentsOf: "}\n".utf8)
        if let writer {
            writer.append(line, urgent: level >= .error)
            return
        }
        LogWriter.writeAll(line, to: fd)
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
