import Testing

@testable import supervisor

/// `LogRing` and its `LineRing`s: what `supervisor logs` gets back, whole lines only, within the
/// bounds, whether lines came one by one or in runs.
@Suite("LogRing")
struct LogRingTests {
    private func source(_ stream: LineSource.Stream = .stdout) -> LineSource {
        LineSource(id: stream == .stderr ? 1 : 0, instance: "web.1", type: "web", typeIndex: 0, pid: 1, stream: stream)
    }

    private func texts(_ lines: [LogRing.Line]) -> [String] {
        lines.map { String(decoding: $0.text, as: UTF8.self) }
    }

    @Test("runs and single lines come back as lines, oldest first, with their streams")
    func runsAndLines() {
        let ring = LogRing()
        let out = source(), err = source(.stderr)
        Array("one\ntwo\n".utf8).withUnsafeBytes { ring.lines($0, count: 2, from: out) }
        Array("oops".utf8).withUnsafeBytes { ring.line($0, from: err) }
        Array("three\n".utf8).withUnsafeBytes { ring.lines($0, count: 1, from: out) }
        let kept = ring.last(10, of: ["web.1"])
        #expect(texts(kept) == ["one", "two", "oops", "three"])
        #expect(kept.map(\.stream) == [.stdout, .stdout, .stderr, .stdout])
        #expect(texts(ring.last(2, of: ["web.1"])) == ["oops", "three"])
        #expect(ring.last(0, of: ["web.1"]).isEmpty)
        #expect(ring.last(5, of: ["other.1"]).isEmpty)
    }

    @Test("at most 1,000 lines come back, however many were kept")
    func lineBound() {
        let ring = LogRing()
        let run = Array((0..<1500).map { "line \($0)\n" }.joined().utf8)
        run.withUnsafeBytes { ring.lines($0, count: 1500, from: source()) }
        let kept = texts(ring.last(5000, of: ["web.1"]))
        #expect(kept.count == LogRing.maxLines)
        #expect(kept.first == "line 500")
        #expect(kept.last == "line 1499")
    }

    @Test("bytes stay within the bound and only whole lines are dropped, across the ring's wrap")
    func wrapping() {
        let ring = LineRing(instance: "web.1", capacity: 64, maxRuns: 100)
        var all: [String] = []
        for index in 0..<200 {
            let line = String(repeating: Character(String(index % 10)), count: index % 13) + "#\(index)"
            all.append(line)
            Array((line + "\n").utf8).withUnsafeBytes { ring.append(lines: $0, stream: .stdout) }
            #expect(ring.end - ring.head <= 64)
            let kept = ring.last(1000).map { String(decoding: $0.text, as: UTF8.self) }
            #expect(kept == Array(all.suffix(kept.count)), "after line \(index)")
            #expect(kept.last == line)
        }
    }

    @Test("a line longer than the ring is shortened to fit, and replaces everything")
    func longLine() {
        let ring = LineRing(instance: "web.1", capacity: 16, maxRuns: 100)
        Array("short\n".utf8).withUnsafeBytes { ring.append(lines: $0, stream: .stdout) }
        Array(String(repeating: "x", count: 40).utf8).withUnsafeBytes { ring.append(line: $0, stream: .stderr) }
        let kept = ring.last(10)
        #expect(kept.map { String(decoding: $0.text, as: UTF8.self) } == [String(repeating: "x", count: 15)])
        #expect(kept.map(\.stream) == [.stderr])
    }

    @Test("streams alternating line by line keep their tags, and their bookkeeping stays bounded")
    func alternatingStreams() {
        let ring = LineRing(instance: "web.1", capacity: 4096, maxRuns: 20)
        for index in 0..<500 {
            Array("\(index)".utf8).withUnsafeBytes { ring.append(line: $0, stream: index % 2 == 0 ? .stdout : .stderr) }
        }
        let kept = ring.last(1000)
        #expect(kept.count >= 10)
        #expect(kept.last.map { String(decoding: $0.text, as: UTF8.self) } == "499")
        for line in kept {
            let number = Int(String(decoding: line.text, as: UTF8.self)) ?? -1
            #expect(line.stream == (number % 2 == 0 ? .stdout : .stderr))
        }
    }

    /// `count` lines of `width` bytes (`#index` then padding), in runs of `perRun`.
    private func feed(_ ring: LineRing, count: Int, width: Int, perRun: Int) -> [String] {
        let lines = (0..<count).map { index in
            let tag = "#\(index)"
            return tag + String(repeating: "x", count: width - tag.count)
        }
        for start in stride(from: 0, to: count, by: perRun) {
            let run = lines[start..<min(count, start + perRun)].map { $0 + "\n" }.joined()
            Array(run.utf8).withUnsafeBytes { ring.append(lines: $0, stream: .stdout) }
        }
        return lines
    }

    @Test("a growing ring takes what 1,000 lines need: 100-byte lines keep 1,000 in 128 KiB, not 256")
    func growsToTheLines() {
        let ring = LineRing(instance: "web.1", capacity: 256 * 1024 + 1, maxRuns: 2000, lineTarget: 1000, initialCapacity: 16 * 1024)
        #expect(ring.capacity == 16 * 1024)
        let lines = feed(ring, count: 5000, width: 99, perRun: 64)
        #expect(ring.capacity == 128 * 1024)
        let kept = ring.last(1000).map { String(decoding: $0.text, as: UTF8.self) }
        #expect(kept == Array(lines.suffix(1000)))
    }

    @Test("lines too long for 1,000 in the bound grow the ring to the bound, and the last ones stay whole")
    func growsToTheBound() {
        let ring = LineRing(instance: "web.1", capacity: 256 * 1024 + 1, maxRuns: 2000, lineTarget: 1000, initialCapacity: 16 * 1024)
        let lines = feed(ring, count: 3000, width: 399, perRun: 10)
        #expect(ring.capacity == 256 * 1024 + 1)
        #expect(ring.end - ring.head <= 256 * 1024 + 1)
        let kept = ring.last(1000).map { String(decoding: $0.text, as: UTF8.self) }
        #expect(kept.count == (256 * 1024 + 1) / 400)
        #expect(kept == Array(lines.suffix(kept.count)))
    }

    @Test("a line longer than a small ring grows it and is kept whole, with the lines before it")
    func longLineGrows() {
        let ring = LineRing(instance: "web.1", capacity: 256 * 1024 + 1, maxRuns: 2000, lineTarget: 1000, initialCapacity: 16 * 1024)
        Array("before\n".utf8).withUnsafeBytes { ring.append(lines: $0, stream: .stdout) }
        let long = String(repeating: "y", count: 40_000)
        Array(long.utf8).withUnsafeBytes { ring.append(line: $0, stream: .stderr) }
        #expect(ring.capacity >= 40_001 && ring.capacity < 64 * 1024)
        let kept = ring.last(10)
        #expect(kept.map { String(decoding: $0.text, as: UTF8.self) } == ["before", long])
        #expect(kept.map(\.stream) == [.stdout, .stderr])
    }
}
