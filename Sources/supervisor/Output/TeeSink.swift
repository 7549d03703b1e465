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

    func lines(_ run: UnsafeRawBufferPointer, count: Int, from source: LineSource) {
        first.lines(run, count: count, from: source)
        second.lines(run, count: count, from: source)
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

    /// The first sink's: when only it has one, the other is polled as before.
    var wakeFD: Int32 { first.wakeFD >= 0 ? first.wakeFD : second.wakeFD }

    func wake(below bytes: Int) {
        first.wake(below: bytes)
        second.wake(below: bytes)
    }

    var droppedBytes: Int { first.droppedBytes + second.droppedBytes }

    func drain() {
        first.drain()
        second.drain()
    }
}
