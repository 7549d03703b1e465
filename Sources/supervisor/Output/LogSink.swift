/// Where the supervisor sends children's lines and its own events. The terminal sink is one;
/// a journald sink is another. Calls come from the event loop's thread only.
protocol LogSink: AnyObject {
    /// One complete line of a child's output, without its newline (any bytes, any length).
    func line(_ text: UnsafeRawBufferPointer, from source: LineSource)
    /// `count` complete lines of a child's output, one after another, each ending with its `\n`
    /// and none longer than `--max-line-bytes` (see `LineSplitter.feed(_:lines:line:)`): the same
    /// as `line` for each, for a sink that gains from taking them at once.
    func lines(_ run: UnsafeRawBufferPointer, count: Int, from source: LineSource)
    /// One event of the supervisor itself.
    func event(_ event: SupervisorEvent)
    /// End of a batch: hand everything buffered to the output.
    func flush()
    /// Bytes accepted but not yet written; the loop stops reading children while this is large.
    var backlog: Int { get }
    /// A descriptor that becomes readable once the backlog falls below what `wake(below:)` asked
    /// (-1: none): the loop watches it while reading is paused, so it resumes as soon as the output
    /// caught up instead of at its next poll.
    var wakeFD: Int32 { get }
    func wake(below bytes: Int)
    /// Waits until everything accepted is written (at shutdown: no line lost).
    func drain()
    /// Output bytes dropped so far because they could not be written (a running total).
    var droppedBytes: Int { get }
}

extension LogSink {
    /// A sink without a descriptor is polled while reading is paused.
    var wakeFD: Int32 { -1 }
    func wake(below bytes: Int) {}

    func lines(_ run: UnsafeRawBufferPointer, count: Int, from source: LineSource) {
        LineSplitter.forEachLine(in: run) { line($0, from: source) }
    }

    /// A sink that never drops (journald's blocks instead) says 0.
    var droppedBytes: Int { 0 }
}
