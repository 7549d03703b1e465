/// Splits a byte stream into lines (without their "\n"), as the control protocol sends them;
/// pure. The supervisor's server, its client commands and the dashboard frame with it.
///
/// Taking a line moves an index, never the bytes behind it: consumed bytes are dropped in one
/// move when more arrive, so a burst of many short lines costs time linear in its bytes. The
/// search for a newline resumes where the last one stopped. A line longer than `maxLineBytes`,
/// complete or not, is an error rather than unbounded memory.
public struct LineBuffer: Sendable {
    /// A line went past the bound: `limit` bytes without a newline.
    public struct Overflow: Error, Equatable, Sendable {
        public let limit: Int

        public init(limit: Int) { self.limit = limit }
    }

    public let maxLineBytes: Int
    private var bytes: [UInt8] = []
    /// The first byte not taken yet.
    private var start = 0
    /// Bytes after `start` already searched without finding a newline.
    private var searched = 0

    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes held that no line has taken yet.
    public var count: Int { bytes.count - start }

    /// Adds bytes as they arrived.
    public mutating func append(_ more: some Sequence<UInt8>) {
        compact()
        bytes.append(contentsOf: more)
    }

    /// Adds bytes from a read buffer.
    public mutating func append(_ raw: UnsafeRawBufferPointer) {
        compact()
        bytes.append(contentsOf: raw)
    }

    /// The next whole line, nil when none is complete yet; throws when a line, complete or
    /// not, is longer than the bound (the bytes are kept: the caller closes the stream).
    public mutating func nextLine() throws(Overflow) -> [UInt8]? {
        let from = start + searched
        guard let newline = bytes[from...].firstIndex(of: UInt8(ascii: "\n")) else {
            searched = count
            if count > maxLineBytes { throw Overflow(limit: maxLineBytes) }
            return nil
        }
        guard newline - start <= maxLineBytes else { throw Overflow(limit: maxLineBytes) }
        let line = Array(bytes[start..<newline])
        start = newline + 1
        searched = 0
        return line
    }

    /// What is left after the end of the stream (a last line without "\n"), nil when nothing.
    public mutating func remainder() -> [UInt8]? {
        guard count > 0 else { return nil }
        defer { removeAll() }
        return Array(bytes[start...])
    }

    /// Forgets everything held.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        start = 0
        searched = 0
    }

    /// Drops the bytes already taken, once they are at least half of what is held.
    private mutating func compact() {
        guard start > 0 else { return }
        if start == bytes.count {
            bytes.removeAll(keepingCapacity: true)
        } else if start >= bytes.count / 2 {
            bytes.removeSubrange(..<start)
        } else {
            return
        }
        start = 0
    }
}
