/// The last lines of every instance, kept in memory for `supervisor logs` (at most
/// `maxLines` lines and `maxBytes` bytes per instance), and handed to followers as they come.
/// A sink like the others: the runner tees every child's line into it. On the hot path a line
/// costs one copy into its instance's byte store and one record: no allocation per line.
final class LogRing: LogSink {
    /// One kept line, as `last` and followers get it.
    struct Line {
        let instance: String
        let stream: LineSource.Stream
        let text: [UInt8]
    }

    /// One instance's lines: their bytes one after another in `bytes`, and where each is.
    private struct Ring {
        let instance: String
        var bytes: [UInt8] = []
        var records: [(start: Int, count: Int, stream: LineSource.Stream)] = []
        /// The oldest record still kept (records and bytes before it are dead until compacted).
        var head = 0

        init(instance: String) { self.instance = instance }

        var liveBytes: Int { records.isEmpty || head == records.count ? 0 : bytes.count - records[head].start }

        mutating func append(_ text: UnsafeRawBufferPointer, stream: LineSource.Stream) {
            records.append((bytes.count, text.count, stream))
            bytes.append(contentsOf: text)
            while records.count - head > LogRing.maxLines || (liveBytes > LogRing.maxBytes && records.count - head > 1) {
                head += 1
            }
            // Compact once the dead part is as large as the bound: amortized, one move per bound.
            if head > 0 && records[head].start >= LogRing.maxBytes || head >= LogRing.maxLines {
                let offset = records[head].start
                bytes.removeFirst(offset)
                records.removeFirst(head)
                for index in records.indices { records[index].start -= offset }
                head = 0
            }
        }

        func last(_ count: Int) -> [Line] {
            records[max(head, records.count - count)...].map { record in
                Line(instance: instance, stream: record.stream, text: Array(bytes[record.start..<record.start + record.count]))
            }
        }
    }

    static let maxLines = 1000
    static let maxBytes = 256 * 1024

    /// By instance index (`LineSource.id / 2`): no hashing on the hot path.
    private var rings: [Ring?] = []
    /// Called with every new line while someone follows (`logs -f`); nil otherwise, so that the
    /// formation pays nothing for followers that are not there.
    var follower: ((Line) -> Void)?

    func line(_ text: UnsafeRawBufferPointer, from source: LineSource) {
        let kept = UnsafeRawBufferPointer(rebasing: text.prefix(Self.maxBytes))
        let index = source.id / 2
        if rings.count <= index { rings += Array(repeating: nil, count: index + 1 - rings.count) }
        if rings[index] == nil { rings[index] = Ring(instance: source.instance) }
        rings[index]?.append(kept, stream: source.stream)
        follower?(Line(instance: source.instance, stream: source.stream, text: Array(kept)))
    }

    /// The last `count` lines of each of `instances`, oldest first per instance.
    func last(_ count: Int, of instances: [String]) -> [Line] {
        instances.flatMap { instance in
            rings.first { $0?.instance == instance }??.last(count) ?? []
        }
    }

    func event(_ event: SupervisorEvent) {}
    func flush() {}
    var backlog: Int { 0 }
    func drain() {}
}
