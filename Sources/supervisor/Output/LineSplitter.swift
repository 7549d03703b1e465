import CSupervisor

/// Cuts one child stream into lines. Keeps the unfinished tail between reads; the loop flushes
/// it after a short quiet period and at end of file, so a last line without `\n` is never lost.
///
/// Memory is bounded whatever the child writes: a line longer than `maxLineBytes` is emitted in
/// pieces of at most that many bytes (cut on a UTF-8 boundary), each piece but the last ending
/// with `…` and each but the first starting with it, so a reader sees where a line was cut.
struct LineSplitter: ~Copyable {
    private var tail = ByteBuffer(capacity: 256)
    /// Whether the bytes in `tail` continue a line that was cut before.
    private var continuing = false
    /// Lines cut so far (each long line counts once, however many pieces it makes).
    private(set) var linesCut = 0
    let maxLineBytes: Int

    /// The mark on both sides of a cut: U+2026 HORIZONTAL ELLIPSIS.
    static let cutMark: [UInt8] = [0xE2, 0x80, 0xA6]
    static let defaultMaxLineBytes = 32 * 1024

    init(maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        self.maxLineBytes = max(maxLineBytes, 8)
    }

    var hasPartialLine: Bool { tail.count > 0 }

    /// Sends every complete line in `chunk` to `emit`; keeps the rest (at most `maxLineBytes`).
    mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        feed(chunk, lines: { run in Self.forEachLine(in: run, emit) }, line: emit)
    }

    /// Like `feed(_:emit:)`, but hands the complete lines that need no joining or cutting (on a
    /// busy stream, nearly all of a read) to `lines` as one run, straight from `chunk`: each
    /// line of a run ends with its `\n` and is at most `maxLineBytes` long, so a sink can
    /// format or keep the whole run in one pass instead of one call per line. Lines that end
    /// an unfinished tail or were cut go to `line` one by one, in order with the runs.
    mutating func feed(
        _ chunk: UnsafeRawBufferPointer, lines: (UnsafeRawBufferPointer) -> Void, line emit: (UnsafeRawBufferPointer) -> Void
    ) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var start = 0
        if tail.count > 0 || continuing {
            // The first line ends a line begun in an earlier read.
            let found = fm_find_byte(base, chunk.count, 10)
            if found < 0 {
                keep(chunk, emit: emit)
                return
            }
            keep(UnsafeRawBufferPointer(start: base, count: found), emit: emit)
            emitTail(emit)
            start = found + 1
        }
        let rest = UnsafeRawBufferPointer(start: base + start, count: chunk.count - start)
        let complete = Self.lastLineEnd(in: rest)
        if complete > 0 {
            let run = UnsafeRawBufferPointer(start: rest.baseAddress, count: complete)
            if Self.linesFit(run, maxLineBytes: maxLineBytes) {
                lines(run)
            } else {
                feedOneByOne(run, emit: emit)
            }
        }
        if complete < rest.count {
            keep(UnsafeRawBufferPointer(start: base + start + complete, count: rest.count - complete), emit: emit)
        }
    }

    /// Complete lines one at a time, cutting those over the limit (the tail is empty here).
    private mutating func feedOneByOne(_ run: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        guard let base = run.baseAddress else { return }
        var start = 0
        while start < run.count {
            let found = fm_find_byte(base + start, run.count - start, 10)
            guard found >= 0 else { return }
            let line = UnsafeRawBufferPointer(start: base + start, count: found)
            if found <= maxLineBytes {
                emit(line)
            } else {
                keep(line, emit: emit)
                emitTail(emit)
            }
            start += found + 1
        }
    }

    /// Emits the unfinished tail as a line of its own.
    mutating func flushPartial(emit: (UnsafeRawBufferPointer) -> Void) {
        guard tail.count > 0 else { return }
        emitTail(emit)
    }

    /// Appends `bytes` to the tail, emitting a cut piece each time the tail reaches the limit.
    private mutating func keep(_ bytes: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let room = maxLineBytes - tail.count
            let take = min(room, bytes.count - offset)
            tail.append(UnsafeRawBufferPointer(start: base + offset, count: take))
            offset += take
            // A tail full to the byte is cut only when more bytes follow: if the next byte is the
            // newline, the line fits exactly and goes out whole.
            if tail.count >= maxLineBytes && offset < bytes.count { cut(emit) }
        }
    }

    /// Emits the tail's first `maxLineBytes` bytes (less, to end on a whole UTF-8 character) as a
    /// piece that continues, and keeps the rest as the start of the next piece.
    private mutating func cut(_ emit: (UnsafeRawBufferPointer) -> Void) {
        if !continuing { linesCut &+= 1 }
        let whole = Self.utf8Boundary(in: tail.bytes, atMost: tail.count)
        var piece = ByteBuffer(capacity: whole + 2 * Self.cutMark.count)
        if continuing { piece.append(Self.cutMark) }
        piece.append(UnsafeRawBufferPointer(rebasing: tail.bytes[0..<whole]))
        piece.append(Self.cutMark)
        emit(piece.bytes)
        let rest = Array(tail.bytes[whole...])
        tail.clear(keepingUpTo: 64 * 1024)
        tail.append(rest)
        continuing = true
    }

    /// Emits the tail as the last piece of its line.
    private mutating func emitTail(_ emit: (UnsafeRawBufferPointer) -> Void) {
        if continuing {
            var piece = ByteBuffer(capacity: tail.count + Self.cutMark.count)
            piece.append(Self.cutMark)
            piece.append(tail.bytes)
            emit(piece.bytes)
        } else {
            emit(tail.bytes)
        }
        tail.clear(keepingUpTo: 64 * 1024)
        continuing = false
    }

    /// The largest length up to `limit` that does not end inside a UTF-8 sequence (bytes that
    /// are not UTF-8 are cut anywhere).
    static func utf8Boundary(in bytes: UnsafeRawBufferPointer, atMost limit: Int) -> Int {
        // The start of the last character: step back over at most three continuation bytes.
        var lead = limit - 1
        var steps = 0
        while lead > 0, steps < 3, bytes[lead] & 0xC0 == 0x80 {
            lead -= 1
            steps += 1
        }
        let length = switch bytes[lead] {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1  // ASCII, or not UTF-8: any place will do
        }
        return lead + length > limit && lead > 0 ? lead : limit
    }
}
