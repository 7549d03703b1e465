/// One output pipe of one run of a process: its read end, its source tag and its unfinished line.
final class ChildStream {
    let fd: Int32
    let source: LineSource
    var splitter = LineSplitter()
    /// Monotonic time of the last bytes read (a partial line is flushed after a quiet period).
    var lastDataAt: Int64 = 0

    init(fd: Int32, source: LineSource) {
        self.fd = fd
        self.source = source
    }
}
