/// Where the supervisor sends children's lines and its own events. The terminal sink is one;
/// a journald sink is another. Calls come from the event loop's thread only.
protocol LogSink: AnyObject {
    /// One complete line of a child's output, without its newline (any bytes, any length).
    func line(_ text: UnsafeRawBufferPointer, from source: LineSource)
    /// One event of the supervisor itself.
    func event(_ event: SupervisorEvent)
    /// End of a batch: hand everything buffered to the output.
    func flush()
    /// Bytes accepted but not yet written; the loop stops reading children while this is large.
    var backlog: Int { get }
    /// Waits until everything accepted is written (at shutdown: no line lost).
    func drain()
    /// Output bytes dropped so far because they could not be written (a running total).
    var droppedBytes: Int { get }
}

extension LogSink {
    /// A sink that never drops (journald's blocks instead) says 0.
    var droppedBytes: Int { 0 }
}
