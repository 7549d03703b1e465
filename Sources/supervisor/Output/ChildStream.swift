/// One output pipe of one run of a process: its read end, its source tag and its unfinished line.
final class ChildStream {
    let fd: Int32
    let source: LineSource
    var splitter: LineSplitter
    /// Monotonic time of the last bytes read (a partial line is flushed after a quiet period).
    var lastDataAt: Int64 = 0
    /// Bytes read so far.
    var received = 0
    /// Lines handed to the sink (a cut line counts once per piece) and their bytes.
    var lines = 0
    var lineBytes = 0

    /// Counts a line on its way to the sink: two adds, nothing allocated.
    func count(_ line: UnsafeRawBufferPointer) {
        lines &+= 1
        lineBytes &+= line.count
    }

    /// Counts a run of lines on its way to the sink (their bytes without the newlines).
    func count(lines count: Int, bytes: Int) {
        lines &+= count
        lineBytes &+= bytes
    }

    /// This run's counts.
    var counted: OutputCount { OutputCount(lines: lines, bytes: lineBytes, linesCut: splitter.linesCut) }

    /// How long an unfinished line may wait for its end. A child that block-buffers (C stdio,
    /// Python) always stops at a multiple of its buffer size, so a tail that ends exactly on a
    /// 512-byte boundary is the middle of a buffered stream that a busy machine paused, not a
    /// prompt: it gets `buffered` ms. Anything else gets `quiet` ms.
    func partialLineDelay(quiet: Int64, buffered: Int64) -> Int64 {
        received % 512 == 0 ? buffered : quiet
    }

    init(fd: Int32, source: LineSource, maxLineBytes: Int) {
        self.fd = fd
        self.source = source
        splitter = LineSplitter(maxLineBytes: maxLineBytes)
    }
}
