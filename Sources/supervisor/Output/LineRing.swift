import Glibc

/// One instance's last output: whole lines end to end, each with its `\n`, in a byte ring of
/// fixed capacity, so that keeping a run of lines is one or two `memcpy`s and memory never grows
/// past the capacity (its pages are touched only as output fills them: a quiet instance costs a
/// few). Which stream each line came from is kept per stretch of consecutive bytes from one
/// stream, not per line.
final class LineRing {
    let instance: String
    let capacity: Int
    private let storage: UnsafeMutableRawPointer
    /// Absolute offsets (bytes ever appended): the oldest byte kept and the next to write. A
    /// kept line always starts at `head`.
    private(set) var head = 0
    private(set) var end = 0
    /// Where each stretch of one stream starts (absolute), oldest first; `runs[first...]` is live.
    private var runs: [(start: Int, stream: LineSource.Stream)] = []
    private var first = 0
    /// Stretches kept at most: each holds a line at least, so keeping `maxRuns / 2` of them keeps
    /// that many lines; dropping older ones bounds memory when streams alternate line by line.
    private let maxRuns: Int

    init(instance: String, capacity: Int, maxRuns: Int) {
        self.instance = instance
        self.capacity = max(capacity, 2)
        self.maxRuns = max(maxRuns, 2)
        guard let memory = malloc(self.capacity) else { preconditionFailure("out of memory allocating \(capacity) bytes") }
        storage = memory
    }

    deinit { free(storage) }

    /// Keeps `lines`: complete lines, each ending with `\n`, at most `capacity` bytes in all.
    func append(lines: UnsafeRawBufferPointer, stream: LineSource.Stream) {
        guard lines.count > 0 else { return }
        makeRoom(lines.count, stream: stream)
        write(lines)
    }

    /// Keeps one line (given without its `\n`), shortened to fit the ring.
    func append(line: UnsafeRawBufferPointer, stream: LineSource.Stream) {
        let text = UnsafeRawBufferPointer(rebasing: line.prefix(capacity - 1))
        makeRoom(text.count + 1, stream: stream)
        write(text)
        withUnsafeBytes(of: UInt8(10)) { write($0) }
    }

    /// Drops the oldest whole lines until `count` more bytes fit, and notes the stream they are from.
    private func makeRoom(_ count: Int, stream: LineSource.Stream) {
        let needed = end + count - capacity
        if needed > head {
            // The new head is the start of the first line that survives: just after the first `\n`
            // at or after the last byte that must go (read before it is overwritten).
            head = nextLineStart(from: needed - 1) ?? end
        }
        if first < runs.count, runs[runs.count - 1].stream == stream {
            // The same stream goes on: its stretch grows.
        } else {
            runs.append((end, stream))
        }
        while first + 1 < runs.count, runs[first + 1].start <= head { first += 1 }
        if runs.count - first > maxRuns {
            first = runs.count - maxRuns / 2
            head = max(head, runs[first].start)
        }
        if first > maxRuns {
            runs.removeFirst(first)
            first = 0
        }
    }

    /// One past the first `\n` at or after absolute offset `from`, among the bytes kept.
    private func nextLineStart(from offset: Int) -> Int? {
        var position = max(offset, head)
        while position < end {
            let index = position % capacity
            let span = min(end - position, capacity - index)
            if let found = memchr(storage + index, 10, span) {
                return position + (storage.distance(to: found)) - index + 1
            }
            position += span
        }
        return nil
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let index = (end + done) % capacity
            let span = min(bytes.count - done, capacity - index)
            (storage + index).copyMemory(from: source + done, byteCount: span)
            done += span
        }
        end += bytes.count
    }

    /// The last `count` lines kept, oldest first.
    func last(_ count: Int) -> [(stream: LineSource.Stream, text: [UInt8])] {
        guard count > 0, end > head else { return [] }
        // Walk back over `\n`s: line k ends at ends[k].
        var starts: [Int] = []
        var position = end - 1  // the last line's `\n`
        var lineStart = end
        while position >= head, starts.count < count {
            var scan = position - 1
            while scan >= head, storage.load(fromByteOffset: scan % capacity, as: UInt8.self) != 10 { scan -= 1 }
            lineStart = scan + 1
            starts.append(lineStart)
            position = scan
        }
        var result: [(stream: LineSource.Stream, text: [UInt8])] = []
        result.reserveCapacity(starts.count)
        var run = first
        for start in starts.reversed() {
            // The text runs from `start` to the next `\n`.
            var text: [UInt8] = []
            var position = start
            while true {
                let byte = storage.load(fromByteOffset: position % capacity, as: UInt8.self)
                if byte == 10 { break }
                text.append(byte)
                position += 1
            }
            while run + 1 < runs.count, runs[run + 1].start <= start { run += 1 }
            result.append((runs[run].stream, text))
        }
        return result
    }
}
