/// Writes `HH:MM:SS web.1 | text` lines: names padded to the longest, a colour per type on a
/// TTY, `!` instead of `|` for stderr lines and for the supervisor's problem events. Lines are
/// formatted straight into the writer's waiting output: one copy between the read and the write.
final class TerminalSink: LogSink {
    private let writer: OutputWriter
    private var formatter: LineFormatter

    init(style: TerminalStyle, nameWidth: Int, writer: OutputWriter) {
        self.writer = writer
        formatter = LineFormatter(style: style, nameWidth: nameWidth)
    }

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        let head = formatter.head(for: source)
        head.withUnsafeBytes { head in
            writer.append(reserving: head.count + text.count + 1, wake: false) {
                LineFormatter.format(line: text, head: head, into: $0)
            }
        }
    }

    /// A run is handed on at once (it is a whole read): the thread writes while the loop reads on.
    func lines(_ run: UnsafeRawBufferPointer, count: Int, from source: LineSource) {
        let head = formatter.head(for: source)
        head.withUnsafeBytes { head in
            writer.append(reserving: run.count + count * head.count, wake: true) {
                LineFormatter.format(lines: run, head: head, into: $0)
            }
        }
    }

    func event(_ event: SupervisorEvent) {
        let head = formatter.head(for: event)
        let message = Array(event.message.utf8)
        head.withUnsafeBytes { head in
            message.withUnsafeBytes { text in
                writer.append(reserving: head.count + text.count + 1, wake: false) {
                    LineFormatter.format(line: text, head: head, into: $0)
                }
            }
        }
    }

    func flush() { writer.flush() }

    var backlog: Int { writer.pending }

    var wakeFD: Int32 { writer.wakeFD }

    func wake(below bytes: Int) { writer.wake(below: bytes) }

    var droppedBytes: Int { writer.dropped }

    func drain() {
        flush()
        writer.drain()
        let lost = writer.lost
        if lost.bytes > 0 { LostOutput.report(bytes: lost.bytes, error: lost.error) }
    }
}
