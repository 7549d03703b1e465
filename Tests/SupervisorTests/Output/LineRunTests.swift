import PeerSupport
import Testing

@testable import supervisor

/// `LineSplitter.feed(_:lines:line:)`: runs of whole lines straight from the read, and the lines
/// that need joining or cutting one by one, in order.
@Suite("LineSplitter runs")
struct LineRunTests {
    /// What one feed handed on: a run (its bytes, newlines included) or a single line.
    enum Piece: Equatable {
        case run(String)
        case line(String)
    }

    private func pieces(_ chunks: [String], max: Int = LineSplitter.defaultMaxLineBytes) -> [Piece] {
        var splitter = LineSplitter(maxLineBytes: max)
        var pieces: [Piece] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { raw in
                splitter.feed(
                    raw, lines: { pieces.append(.run(String(decoding: $0, as: UTF8.self))) },
                    line: { pieces.append(.line(String(decoding: $0, as: UTF8.self))) })
            }
        }
        return pieces
    }

    @Test("a read of whole lines is one run; a line straddling two reads is joined and comes alone")
    func straddling() {
        #expect(pieces(["a\nbb\n"]) == [.run("a\nbb\n")])
        #expect(pieces(["a\nb", "c\nd\ne"]) == [.run("a\n"), .line("bc"), .run("d\n")])
        #expect(pieces(["abc", "def", "\n"]) == [.line("abcdef")])
        #expect(pieces(["no newline"]).isEmpty)
        #expect(pieces(["\n\n"]) == [.run("\n\n")])
    }

    @Test("a line exactly at the limit stays in the run; one byte over is cut, in order with the run")
    func atTheLimit() {
        #expect(pieces(["12345678\nab\n"], max: 8) == [.run("12345678\nab\n")])
        #expect(pieces(["ab\n123456789\ncd\n"], max: 8) == [.line("ab"), .line("12345678…"), .line("…9"), .line("cd")])
        #expect(pieces(["1234", "56789\nab\n"], max: 8) == [.line("12345678…"), .line("…9"), .run("ab\n")])
    }

    @Test("CR LF and lone CR are bytes of the line, as they come")
    func carriageReturns() {
        #expect(pieces(["a\r\nb\rc\n"]) == [.run("a\r\nb\rc\n")])
        #expect(pieces(["a\r", "\nb\n"]) == [.line("a\r"), .run("b\n")])
    }

    @Test("runs and single lines together are exactly the lines of the plain splitter, for random input")
    func sameLinesAsOneByOne() {
        var generator = SeededGenerator(state: 7)
        for round in 0..<300 {
            let max = [8, 9, 16, 40][round % 4]
            let alphabet: [UInt8] = [10, 10, 65, 66, 0xC3, 0xA9, 13, 67]
            let length = Int.random(in: 0...400, using: &generator)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            var cuts = (0..<Int.random(in: 0...6, using: &generator)).map { _ in Int.random(in: 0...length, using: &generator) }
            cuts = ([0] + cuts.sorted() + [length])
            var plain = LineSplitter(maxLineBytes: max)
            var batched = LineSplitter(maxLineBytes: max)
            var expected: [[UInt8]] = []
            var got: [[UInt8]] = []
            for (from, to) in zip(cuts, cuts.dropFirst()) {
                let chunk = Array(bytes[from..<to])
                chunk.withUnsafeBytes { raw in
                    plain.feed(raw) { expected.append(Array($0)) }
                    batched.feed(raw, lines: { run in
                        #expect(LineSplitter.linesFit(run, maxLineBytes: max))
                        #expect(run.last == 10)
                        LineSplitter.forEachLine(in: run) { got.append(Array($0)) }
                    }, line: { got.append(Array($0)) })
                }
            }
            plain.flushPartial { expected.append(Array($0)) }
            batched.flushPartial { got.append(Array($0)) }
            #expect(got == expected, "round \(round)")
        }
    }

    @Test("linesFit agrees with measuring every line", arguments: [1, 2, 3, 5, 8])
    func linesFit(max: Int) {
        var generator = SeededGenerator(state: UInt64(max))
        for _ in 0..<2000 {
            var run = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                Int.random(in: 0..<4, using: &generator) == 0 ? UInt8(10) : UInt8(97)
            }
            run.append(10)
            let longest = run.split(separator: 10, omittingEmptySubsequences: false).map(\.count).max() ?? 0
            run.withUnsafeBytes { raw in
                #expect(LineSplitter.linesFit(raw, maxLineBytes: max) == (longest <= max), "\(run) max \(max)")
            }
        }
    }

    @Test("lines are counted by their newlines")
    func counting() {
        Array("a\n\nbc\n".utf8).withUnsafeBytes { #expect(LineSplitter.lineCount(in: $0) == 3) }
        Array("".utf8).withUnsafeBytes { #expect(LineSplitter.lineCount(in: $0) == 0) }
        Array("abc\n".utf8).withUnsafeBytes { #expect(LineSplitter.lastLineEnd(in: $0) == 4) }
        Array("a\nbc".utf8).withUnsafeBytes { #expect(LineSplitter.lastLineEnd(in: $0) == 2) }
        Array("abc".utf8).withUnsafeBytes { #expect(LineSplitter.lastLineEnd(in: $0) == 0) }
    }
}
