/// The last lines of every instance, kept in memory for `supervisor logs` (at most
/// `maxLines` lines and `maxBytes` bytes per instance), and handed to followers as they come.
/// A sink like the others: the runner tees every child's line into it.
final class LogRing: LogSink {
    /// One kept line.
    struct Line {
        let instance: String
        let stream: LineSource.Stream
        let text: [UInt8]
    }

    private struct Ring {
        var lines: [Line] = []
        /// Where the oldest line is once the ring is full (lines are overwritten in place).
        var head = 0
        var bytes = 0

        var ordered: [Line] { Array(lines[head...] + lines[..<head]) }

        mutating func append(_ line: Line) {
            bytes += line.text.count
            if lines.count < LogRing.maxLines {
                lines.append(line)
            } else {
                bytes -= lines[head].text.count
                lines[head] = line
                head = (head + 1) % LogRing.maxLines
            }
            if bytes > LogRing.maxBytes {
                // Over the byte bound: drop the oldest lines (back to a plain array, oldest first).
                var kept = ordered
                var dropped = 0
                while bytes > LogRing.maxBytes && dropped < kept.count - 1 {
                    bytes -= kept[dropped].text.count
                    dropped += 1
                }
                kept.removeFirst(dropped)
                lines = kept
                head = 0
            }
        }
    }

    static let maxLines = 1000
    static let maxBytes = 256 * 1024

    /// By instance index (`LineSource.id / 2`): no hashing on the hot path.
    private var rings: [Ring] = []
    /// Called with every new line while someone follows (`logs -f`); nil otherwise, so that the
    /// formation pays nothing for followers that are not there.
    var follower: ((Line) -> Void)?

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        let line = Line(instance: source.instance, stream: source.stream, text: Array(text.prefix(Self.maxBytes)))
        let index = source.id / 2
        while rings.count <= index { rings.append(Ring()) }
        rings[index].append(line)
        follower?(line)
    }

    /// The last `count` lines of each of `instances`, oldest first per instance.
    func last(_ count: Int, of instances: [String]) -> [Line] {
        instances.flatMap { instance in
            rings.first { $0.lines.first?.instance == instance }.map { Array($0.ordered.suffix(count)) } ?? []
        }
    }

    func event(_ event: SupervisorEvent) {}
    func flush() {}
    var backlog: Int { 0 }
    func drain() {}
}
