import Glibc

/// Formats `HH:MM:SS name | text` lines: what goes before each line (its head), and the copy
/// of a line or a run of lines behind their heads into room the output writer lends
/// (`OutputWriter.append`). A value type, so the sink touches it through one exclusive access
/// per run instead of one per field (the runtime checks each access to a class's stored
/// property, and at a million lines a second that shows).
struct LineFormatter {
    let style: TerminalStyle
    let nameWidth: Int
    private var clock = WallClock()
    /// Formatted prefix (without timestamp) per `LineSource.id`.
    private var prefixes: [[UInt8]] = []
    /// Timestamp and prefix per `LineSource.id`, for the second `headsSecond`: rebuilt once a
    /// second, and a run of lines read at once shares one.
    private var heads: [[UInt8]] = []
    private var headsSecond: time_t = -1
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

    private mutating func timestamp() -> [UInt8] {
        guard style.timestamps else { return [] }
        clock.tick()
        if clock.second != headsSecond {
            heads.removeAll(keepingCapacity: true)
            headsSecond = clock.second
        }
        return clock.prefix
    }

    /// What goes before each line from `source` now: the timestamp (when shown) and the prefix.
    mutating func head(for source: LineSource) -> [UInt8] {
        let stamp = timestamp()
        if source.id < heads.count, !heads[source.id].isEmpty { return heads[source.id] }
        if source.id >= heads.count { heads.append(contentsOf: repeatElement([], count: source.id + 1 - heads.count)) }
        let made = stamp + prefix(for: source)
        heads[source.id] = made
        return made
    }

    /// What goes before one of the supervisor's own events.
    mutating func head(for event: SupervisorEvent) -> [UInt8] {
        timestamp() + (event.isProblem ? supervisorProblemPrefix : supervisorPrefix)
    }

    /// Copies each line of `run` (complete lines, each ending with `\n`) behind `head` into
    /// `out`; returns the bytes written. `out` needs `run.count + lines * head.count` bytes; a
    /// line that would not fit is left out.
    static func format(lines run: UnsafeRawBufferPointer, head: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        guard let source = run.baseAddress, let target = out.baseAddress else { return 0 }
        var used = 0
        var start = 0
        while start < run.count {
            let found = memchr(source + start, 10, run.count - start)
            let length = found.map { (source + start).distance(to: UnsafeRawPointer($0)) + 1 } ?? run.count - start
            guard used + head.count + length <= out.count else { return used }
            if let headBase = head.baseAddress {
                (target + used).copyMemory(from: headBase, byteCount: head.count)
            }
            (target + used + head.count).copyMemory(from: source + start, byteCount: length)
            used += head.count + length
            start += length
        }
        return used
    }

    /// Copies `head`, `text` and a newline into `out` (room for all three); returns the bytes written.
    static func format(line text: UnsafeRawBufferPointer, head: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int {
        guard let target = out.baseAddress, head.count + text.count + 1 <= out.count else { return 0 }
        if let headBase = head.baseAddress { target.copyMemory(from: headBase, byteCount: head.count) }
        if let textBase = text.baseAddress { (target + head.count).copyMemory(from: textBase, byteCount: text.count) }
        target.storeBytes(of: 10, toByteOffset: head.count + text.count, as: UInt8.self)
        return head.count + text.count + 1
    }
}
