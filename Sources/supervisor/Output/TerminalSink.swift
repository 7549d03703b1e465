/// Writes `HH:MM:SS web.1 | text` lines: names padded to the longest, a colour per type on a
/// TTY, `!` instead of `|` for stderr lines and for the supervisor's problem events.
final class TerminalSink: LogSink {
    private let writer: OutputWriter
    private var formatter: LineFormatter

    init(style: TerminalStyle, nameWidth: Int, writer: OutputWriter) {
        self.writer = writer
        formatter = LineFormatter(style: style, nameWidth: nameWidth)
    }

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        if formatter.append(text, from: source) >= Self.batchBytes { flush() }
    }

    /// Bytes formatted before they are handed to the writer even mid-batch (bounded memory).
    static let batchBytes = 64 * 1024

    func event(_ event: SupervisorEvent) {
        formatter.append(event)
    }

    func flush() {
        writer.submit(formatter.buffer.bytes)
        formatter.clear()
    }

    var backlog: Int { writer.pending }

    var droppedBytes: Int { writer.dropped }

    func drain() {
        flush()
        writer.drain()
        let lost = writer.lost
        if lost.bytes > 0 { LostOutput.report(bytes: lost.bytes, error: lost.error) }
    }
}
