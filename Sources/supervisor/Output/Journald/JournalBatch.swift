/// Child lines waiting to go to journald together, as one datagram: the native protocol ends an
/// entry at an empty line and reads the next one from the same datagram, so a batch costs
/// journald one receive and one client lookup instead of one per line.
///
/// The batch also remembers where each line's bytes are, so that when journald refuses the
/// datagram the lines can still be handed to the terminal: none is dropped.
struct JournalBatch: ~Copyable {
    /// One line in the batch: its message bytes at `offset` in `entries`, and the sd-daemon
    /// priority prefix that was stripped from it (-1 when none).
    struct Line {
        let source: LineSource
        let offset: Int
        let count: Int
        let strippedPrefix: Int
    }

    /// The encoded entries, each ended by an empty line.
    private(set) var entries = ByteBuffer(capacity: 2 * JournalBatch.limit)
    private(set) var lines: [Line] = []

    /// A batch is sent once it holds this many bytes (journald takes far larger datagrams; this
    /// keeps the delay and the memory small).
    static let limit = 64 * 1024

    init() {
        lines.reserveCapacity(1024)
    }

    var isEmpty: Bool { entries.count == 0 }
    var isFull: Bool { entries.count >= Self.limit }

    /// Appends one line's entry as `fields.prepare` just laid it out (the stream's fixed fields,
    /// PRIORITY, MESSAGE; the iovecs are copied), then the empty line that ends it.
    mutating func append(_ fields: JournalLineFields, count: Int, from source: LineSource) {
        var offset = 0
        for index in 0..<count {
            if index == JournalLineFields.messageIndex { offset = entries.count }
            entries.append(UnsafeRawBufferPointer(start: fields.iov[index].iov_base, count: fields.iov[index].iov_len))
        }
        entries.append(byte: 10)
        lines.append(Line(source: source, offset: offset, count: fields.iov[JournalLineFields.messageIndex].iov_len,
                          strippedPrefix: fields.strippedPrefix))
    }

    /// Calls `body` with each line as the child wrote it (the priority prefix put back).
    func forEachLine(_ body: (UnsafeRawBufferPointer, LineSource) -> Void) {
        var restored = ByteBuffer(capacity: 4096)
        for line in lines {
            let message = UnsafeRawBufferPointer(rebasing: entries.bytes[line.offset..<line.offset + line.count])
            if line.strippedPrefix < 0 {
                body(message, line.source)
            } else {
                restored.clear()
                restored.append(Array("<\(line.strippedPrefix)>".utf8))
                restored.append(message)
                body(restored.bytes, line.source)
            }
        }
    }

    mutating func removeAll() {
        entries.clear(keepingUpTo: 4 * Self.limit)
        lines.removeAll(keepingCapacity: true)
    }
}
