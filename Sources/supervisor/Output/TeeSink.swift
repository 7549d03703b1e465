/// Hands every line and event to two sinks (`--log-sink both`: terminal and journald).
final class TeeSink: LogSink {
    private let first: LogSink
    private let second: LogSink

    init(_ first: LogSink, _ second: LogSink) {
        self.first = first
        self.second = second
    }

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        first.line(text, from: source)
        second.line(text, from: source)
    }

    func event(_ event: SupervisorEvent) {
        first.event(event)
        second.event(event)
    }

    func flush() {
        first.flush()
        second.flush()
    }

    /// The larger of the two: the loop waits for the slower output.
    var backlog: Int { max(first.backlog, second.backlog) }

    var droppedBytes: Int { first.droppedBytes + second.droppedBytes }

    func drain() {
        first.drain()
        second.drain()
    }
}
