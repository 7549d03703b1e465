/// The last lines of every instance, kept in memory for `supervisor logs` (at most
/// `maxLines` lines and `maxBytes` bytes per instance), and handed to followers as they come.
/// A sink like the others: the runner tees every child's line into it. A run of lines costs one
/// copy into its instance's `LineRing`, however many lines it holds: lines are told apart only
/// when someone asks for them.
final class LogRing: LogSink {
    /// One kept line, as `last` and followers get it.
    struct Line {
        let instance: String
        let stream: LineSource.Stream
        let text: [UInt8]
    }

    static let maxLines = 1000
    static let maxBytes = 256 * 1024

    /// By instance index (`LineSource.id / 2`): no hashing on the hot path.
    private var rings: [LineRing?] = []
    /// Called with every new line while someone follows (`logs -f`); nil otherwise, so that the
    /// formation pays nothing for followers that are not there.
    var follower: ((Line) -> Void)?

    private func ring(for source: LineSource) -> LineRing {
        let index = source.id / 2
        if rings.count <= index { rings += Array(repeating: nil, count: index + 1 - rings.count) }
        if let ring = rings[index] { return ring }
        let made = LineRing(instance: source.instance, capacity: Self.maxBytes + 1, maxRuns: 2 * Self.maxLines, lineTarget: Self.maxLines)
        rings[index] = made
        return made
    }

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        let kept = UnsafeRawBufferPointer(rebasing: text.prefix(Self.maxBytes))
        ring(for: source).append(line: kept, stream: source.stream)
        follower?(Line(instance: source.instance, stream: source.stream, text: Array(kept)))
    }

    func lines(_ run: UnsafeRawBufferPointer, count: Int, from source: LineSource) {
        let ring = ring(for: source)
        if run.count <= ring.maxCapacity {
            ring.append(lines: run, stream: source.stream)
            if let follower {
                LineSplitter.forEachLine(in: run) { follower(Line(instance: source.instance, stream: source.stream, text: Array($0))) }
            }
        } else {
            LineSplitter.forEachLine(in: run) { line($0, from: source) }
        }
    }

    /// The last `count` lines of each of `instances`, oldest first per instance.
    func last(_ count: Int, of instances: [String]) -> [Line] {
        instances.flatMap { instance in
            rings.first { $0?.instance == instance }??.last(min(count, Self.maxLines)).map {
                Line(instance: instance, stream: $0.stream, text: $0.text)
            } ?? []
        }
    }

    func event(_ event: SupervisorEvent) {}
    func flush() {}
    var backlog: Int { 0 }
    func drain() {}
}
