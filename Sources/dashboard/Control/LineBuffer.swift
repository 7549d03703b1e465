/// Splits a byte stream into lines (without their "\n"), as the control protocol sends them;
/// pure. A line longer than `maxLineBytes` is an error rather than unbounded memory.
struct LineBuffer {
    private var pending: [UInt8] = []
    let maxLineBytes: Int

    init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Adds bytes as they arrived.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        pending.append(contentsOf: bytes)
    }

    /// The next whole line, nil when none is complete yet; throws when the incomplete rest
    /// exceeds the bound.
    mutating func nextLine() throws(ControlChannelError) -> [UInt8]? {
        guard let newline = pending.firstIndex(of: UInt8(ascii: "\n")) else {
            if pending.count > maxLineBytes { throw .lineTooLong(maxLineBytes) }
            return nil
        }
        let line = Array(pending[..<newline])
        pending.removeSubrange(...newline)
        return line
    }

    /// What is left after the end of the stream (a last line without "\n"), nil when nothing.
    mutating func remainder() -> [UInt8]? {
        guard !pending.isEmpty else { return nil }
        defer { pending = [] }
        return pending
    }
}
