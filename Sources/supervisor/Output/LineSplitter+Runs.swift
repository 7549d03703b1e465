import CSupervisor

/// Scanning a run of complete lines without visiting every line: what lets `LineSplitter` hand
/// a whole read to a sink at once.
extension LineSplitter {
    /// The length of `bytes` up to and including its last `\n` (0: none). Scans backwards, so
    /// it costs the length of the unfinished tail, not of the chunk.
    static func lastLineEnd(in bytes: UnsafeRawBufferPointer) -> Int {
        var index = bytes.count
        while index > 0 {
            if bytes[index - 1] == 10 { return index }
            index -= 1
        }
        return 0
    }

    /// Whether no line of `run` (complete lines, the last ending the run) is longer than
    /// `maxLineBytes`, looking only near a few checkpoints: a line over the limit spans more than
    /// `maxLineBytes + 1` bytes, so it covers one of the checkpoints placed that far apart, and
    /// the line around each checkpoint is measured from its ends. On a 64 KiB read of short lines
    /// with the default 32 KiB limit that is three short scans, not a thousand.
    static func linesFit(_ run: UnsafeRawBufferPointer, maxLineBytes: Int) -> Bool {
        guard let base = run.baseAddress, run.count > maxLineBytes + 1 else { return true }
        var checkpoint = 0
        while checkpoint < run.count {
            // The line around the checkpoint: back to the byte after the previous `\n` ...
            var lineStart = checkpoint
            while lineStart > 0, run[lineStart - 1] != 10, checkpoint - lineStart <= maxLineBytes {
                lineStart -= 1
            }
            // ... and on to its own `\n` (every run ends with one).
            let limit = min(run.count - checkpoint, maxLineBytes + 2)
            let found = fm_find_byte(base + checkpoint, limit, 10)
            let end = found < 0 ? checkpoint + limit : checkpoint + found
            if end - lineStart > maxLineBytes { return false }
            checkpoint += maxLineBytes + 1
        }
        return true
    }

    /// Calls `body` with each line of a run, without its `\n`.
    static func forEachLine(in run: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        guard let base = run.baseAddress else { return }
        var start = 0
        while start < run.count {
            let found = fm_find_byte(base + start, run.count - start, 10)
            guard found >= 0 else { return }
            body(UnsafeRawBufferPointer(start: base + start, count: found))
            start += found + 1
        }
    }

    /// The number of lines in a run: its `\n` bytes, counted 32 at a time (a plain loop over the
    /// bytes compiles to two bytes a step, and cost more than the rest of the relay).
    static func lineCount(in run: UnsafeRawBufferPointer) -> Int {
        guard let base = run.baseAddress else { return 0 }
        let newline = SIMD32<UInt8>(repeating: 10)
        var count = 0
        var offset = 0
        while run.count - offset >= 32 {
            // Each lane counts to at most 255 before the lanes are added up.
            let stop = min(offset + 255 * 32, run.count - (run.count - offset) % 32)
            var lanes = SIMD32<UInt8>()
            while offset < stop {
                let block = (base + offset).loadUnaligned(as: SIMD32<UInt8>.self)
                lanes &-= unsafeBitCast(block .== newline, to: SIMD32<UInt8>.self)
                offset += 32
            }
            count &+= Int(SIMD32<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while offset < run.count {
            if run[offset] == 10 { count &+= 1 }
            offset += 1
        }
        return count
    }
}
