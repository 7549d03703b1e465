import Glibc

/// One instance's last output: whole lines end to end, each with its `\n`, in a byte ring, so
/// that keeping a run of lines is one or two `memcpy`s. Which stream each line came from is kept
/// per stretch of consecutive bytes from one stream, not per line.
///
/// The ring starts small and grows (doubling, up to `maxCapacity`) only while it holds fewer
/// than `lineTarget` lines when it must drop some: memory follows what the last `lineTarget`
/// lines need, never past `maxCapacity`. (A fixed ring of `maxCapacity` touched all of its pages
/// once output had gone round it: 256 KiB per busy instance for 1,000 lines of 100 bytes.)
final class LineRing {
    let instance: String
    /// The most it holds; `capacity` is what it holds now.
    let maxCapacity: Int
    private(set) var capacity: Int
    private var storage: UnsafeMutableRawPointer
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
    /// Lines the ring grows to keep (nil: it never grows).
    private let lineTarget: Int?
    /// `end` at which dropping lines next asks whether to grow: counting the kept lines is a scan
    /// of the ring, done at most once per few capacities written.
    private var nextGrowthCheck = 0

    /// A ring of `capacity` bytes; with `lineTarget`, one of `initialCapacity` that grows to
    /// `capacity` while it holds fewer than `lineTarget` lines.
    init(instance: String, capacity: Int, maxRuns: Int, lineTarget: Int? = nil, initialCapacity: Int = 16 * 1024) {
        self.instance = instance
        maxCapacity = max(capacity, 2)
        self.capacity = lineTarget == nil ? maxCapacity : min(maxCapacity, max(initialCapacity, 2))
        self.maxRuns = max(maxRuns, 2)
        self.lineTarget = lineTarget
        guard let memory = malloc(self.capacity) else { preconditionFailure("out of memory allocating \(self.capacity) bytes") }
        storage = memory
    }

    deinit { free(storage) }

    /// Keeps `lines`: complete lines, each ending with `\n`, at most `maxCapacity` bytes in all.
    func append(lines: UnsafeRawBufferPointer, stream: LineSource.Stream) {
        guard lines.count > 0 else { return }
        if lines.count > capacity { grow(toHold: lines.count) }
        makeRoom(lines.count, stream: stream)
        write(lines)
    }

    /// Keeps one line (given without its `\n`), shortened to fit `maxCapacity`.
    func append(line: UnsafeRawBufferPointer, stream: LineSource.Stream) {
        let text = UnsafeRawBufferPointer(rebasing: line.prefix(maxCapacity - 1))
        if text.count + 1 > capacity { grow(toHold: text.count + 1) }
        makeRoom(text.count + 1, stream: stream)
        write(text)
        withUnsafeBytes(of: UInt8(10)) { write($0) }
    }

    /// Drops the oldest whole lines until `count` more bytes fit, and notes the stream they are from.
    private func makeRoom(_ count: Int, stream: LineSource.Stream) {
        if end + count - capacity > head, let lineTarget, capacity < maxCapacity, end >= nextGrowthCheck {
            if keptLines(atLeast: lineTarget) {
                nextGrowthCheck = end + 4 * capacity
            } else {
                grow(toHold: 2 * capacity)
            }
        }
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

    /// Walks the kept bytes from absolute offset `from` to `end` in at most two contiguous
    /// spans (the ring wraps once), each with its absolute offset, until `body` says stop.
    private func forEachSpan(from offset: Int, _ body: (_ position: Int, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Bool) {
        var position = max(offset, head)
        while position < end {
            let index = position % capacity
            let span = min(end - position, capacity - index)
            guard body(position, storage + index, span) else { return }
            position += span
        }
    }

    /// One past the first `\n` at or after absolute offset `from`, among the bytes kept.
    private func nextLineStart(from offset: Int) -> Int? {
        var found: Int?
        forEachSpan(from: offset) { position, bytes, count in
            guard let hit = memchr(bytes, 10, count) else { return true }
            found = position + bytes.distance(to: hit) + 1
            return false
        }
        return found
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress else { return }
        Self.copy(source, count: bytes.count, into: storage, capacity: capacity, at: end)
        end += bytes.count
    }

    /// Copies `count` bytes to absolute offset `position` of a ring of `capacity` bytes.
    private static func copy(_ source: UnsafeRawPointer, count: Int, into ring: UnsafeMutableRawPointer, capacity: Int, at position: Int) {
        var done = 0
        while done < count {
            let index = (position + done) % capacity
            let span = min(count - done, capacity - index)
            (ring + index).copyMemory(from: source + done, byteCount: span)
            done += span
        }
    }

    /// Whether the ring keeps at least `target` lines (counts `\n`s, stopping at `target`).
    private func keptLines(atLeast target: Int) -> Bool {
        var found = 0
        forEachSpan(from: head) { _, bytes, count in
            var cursor = bytes
            let stop = bytes + count
            while found < target, let hit = memchr(cursor, 10, cursor.distance(to: stop)) {
                found += 1
                cursor = hit + 1
            }
            return found < target
        }
        return found >= target
    }

    /// Moves the kept bytes into a ring of at least `bytes` (doubling, page-rounded, at most
    /// `maxCapacity`); absolute offsets stay as they are.
    private func grow(toHold bytes: Int) {
        let page = 4096
        let wanted = min(maxCapacity, max(2 * capacity, (bytes + page - 1) / page * page))
        guard wanted > capacity, let fresh = malloc(wanted) else { return }
        forEachSpan(from: head) { position, bytes, count in
            Self.copy(bytes, count: count, into: fresh, capacity: wanted, at: position)
            return true
        }
        free(storage)
        storage = fresh
        capacity = wanted
        nextGrowthCheck = end
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
