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
}
