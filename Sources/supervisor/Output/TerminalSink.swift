/// Writes `HH:MM:SS web.1 | text` lines: names padded to the longest, a colour per type on a
/// TTY, `!` instead of `|` for stderr lines and for the supervisor's problem events.
final class TerminalSink: LogSink {
    private let style: TerminalStyle
    private let nameWidth: Int
    private let writer: OutputWriter
    private var buffer = ByteBuffer()
    private var clock = WallClock()
    /// Formatted prefix (without timestamp) per `LineSource.id`.
    private var prefixes: [[UInt8]] = []
    private let supervisorPrefix: [UInt8]
    private let supervisorProblemPrefix: [UInt8]

    static let supervisorName = "supervisor"

    init(style: TerminalStyle, nameWidth: Int, writer: OutputWriter) {
        self.style = style
        self.nameWidth = max(nameWidth, Self.supervisorName.count)
        self.writer = writer
        supervisorPrefix = Self.prefix(name: Self.supervisorName, width: self.nameWidth, color: "1", separator: "|", style: style)
        supervisorProblemPrefix = Self.prefix(name: Self.supervisorName, width: self.nameWidth, color: "1", separator: "!", style: style)
    }

    private static func prefix(name: String, width: Int, color: String, separator: String, style: TerminalStyle) -> [UInt8] {
        let padding = String(repeating: " ", count: max(0, width - name.count))
        let separatorColor = separator == "!" ? style.sgr("1;31") : ""
        return Array("\(style.sgr(color))\(name)\(padding) \(separatorColor)\(separator)\(style.reset) ".utf8)
    }

    private func prefix(for source: LineSource) -> [UInt8] {
        if source.id < prefixes.count, !prefixes[source.id].isEmpty { return prefixes[source.id] }
        if source.id >= prefixes.count { prefixes.append(contentsOf: repeatElement([], count: source.id + 1 - prefixes.count)) }
        let made = Self.prefix(
            name: source.instance, width: nameWidth, color: style.colorCode(forTypeIndex: source.typeIndex),
            separator: source.stream == .stderr ? "!" : "|", style: style)
        prefixes[source.id] = made
        return made
    }

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        if style.timestamps { buffer.append(clock.prefix) }
        buffer.append(prefix(for: source))
        buffer.append(text)
        buffer.append(byte: 10)
        if buffer.count >= Self.batchBytes { flush() }
    }

    /// Bytes formatted before they are handed to the writer even mid-batch (bounded memory).
    static let batchBytes = 64 * 1024

    func event(_ event: SupervisorEvent) {
        clock.tick()
        if style.timestamps { buffer.append(clock.prefix) }
        buffer.append(event.isProblem ? supervisorProblemPrefix : supervisorPrefix)
        buffer.append(Array(event.message.utf8))
        buffer.append(byte: 10)
    }

    func flush() {
        writer.submit(buffer.bytes)
        buffer.clear()
        clock.tick()
    }

    var backlog: Int { writer.pending }

    func drain() {
        flush()
        writer.drain()
    }
}
