import CSupervisor

/// Cuts one child stream into lines. Keeps the unfinished tail between reads; the loop flushes
/// it after a short quiet period and at end of file, so a last line without `\n` is never lost.
/// Lines of any length are kept whole.
struct LineSplitter: ~Copyable {
    private var tail = ByteBuffer(capacity: 256)

    var hasPartialLine: Bool { tail.count > 0 }

    /// Sends every complete line in `chunk` to `emit`; keeps the rest.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        guard let base = chunk.baseAddress else { return }
        var start = 0
        while start < chunk.count {
            let found = fm_find_byte(base + start, chunk.count - start, 10)
            if found < 0 {
                tail.append(UnsafeRawBufferPointer(start: base + start, count: chunk.count - start))
                return
            }
            let line = UnsafeRawBufferPointer(start: base + start, count: found)
            if tail.count == 0 {
                emit(line)
            } else {
                tail.append(line)
                emit(tail.bytes)
                tail.clear(keepingUpTo: 64 * 1024)
            }
            start += found + 1
        }
    }

    /// Emits the unfinished tail as a line of its own.
    mutating func flushPartial(emit: (UnsafeRawBufferPointer) -> Void) {
        guard tail.count > 0 else { return }
        emit(tail.bytes)
        tail.clear(keepingUpTo: 64 * 1024)
    }
}
