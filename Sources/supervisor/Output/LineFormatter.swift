/// Formats `HH:MM:SS name | text` lines into a byte buffer. A value type, so the sink touches
/// it through one exclusive access per line instead of one per field (the runtime checks each
/// access to a class's stored property, and at a million lines a second that shows).
struct LineFormatter: ~Copyable {
    let style: TerminalStyle
    let nameWidth: Int
    private(set) var buffer = ByteBuffer()
    private var clock = WallClock()
    /// Formatted prefix (without timestamp) per `LineSource.id`.
    private var prefixes: [[UInt8]] = []
    private let supervisorPrefix: [UInt8]
    private let supervisorProblemPrefix: [UInt8]

    static let supervisorName = "supervisor"

    init(style: TerminalStyle, nameWidth: Int) {
        self.style = style
        self.nameWidth = max(nameWidth, Self.supervisorName.count)
        supervisorPrefix = Self.prefix(name: Self.supervisorName, width: self.nameWidth, color: "1", separator: "|", style: style)
        supervisorProblemPrefix = Self.prefix(name: Self.supervisorName, width: self.nameWidth, color: "1", separator: "!", style: style)
    }

    private static func prefix(name: String, width: Int, color: String, separator: String, style: TerminalStyle) -> [UInt8] {
        let padding = String(repeating: " ", count: max(0, width - name.count))
        let separatorColor = separator == "!" ? style.sgr("1;31") : ""
        return Array("\(style.sgr(color))\(name)\(padding) \(separatorColor)\(separator)\(style.reset) ".utf8)
    }

    private mutating func prefix(for source: LineSource) -> [UInt8] {
        if source.id < prefixes.count, !prefixes[source.id].isEmpty { return prefixes[source.id] }
        if source.id >= prefixes.count { prefixes.append(contentsOf: repeatElement([], count: source.id + 1 - prefixes.count)) }
        let made = Self.prefix(
            name: source.instance, width: nameWidth, color: style.colorCode(forTypeIndex: source.typeIndex),
            separator: source.stream == .stderr ? "!" : "|", style: style)
        prefixes[source.id] = made
        return made
    }

    private mutating func timestamp() {
        guard style.timestamps else { return }
        clock.tick()
        buffer.append(clock.prefix)
    }

    /// Appends one child line; returns the bytes now buffered.
    mutating func append(_ text: UnsafeRawBufferPointer, from source: LineSource) -> Int {
        timestamp()
        buffer.append(prefix(for: source))
        buffer.append(text)
        buffer.append(byte: 10)
        return buffer.count
    }

    mutating func append(_ event: SupervisorEvent) {
        timestamp()
        buffer.append(event.isProblem ? supervisorProblemPrefix : supervisorPrefix)
        buffer.append(Array(event.message.utf8))
        buffer.append(byte: 10)
    }

    mutating func clear() { buffer.clear() }
}
