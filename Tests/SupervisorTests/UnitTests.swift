import Glibc
import Testing

@testable import supervisor

@Suite("Backoff")
struct BackoffTests {
    @Test("0.5 s doubling to 30 s")
    func delays() {
        let backoff = Backoff()
        #expect((1...9).map { backoff.delay(afterConsecutiveFailures: $0) } == [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
    }

    @Test("a run of 30 s resets the count")
    func reset() {
        let backoff = Backoff()
        #expect(backoff.failures(after: 6, runtimeMilliseconds: 29_999) == 7)
        #expect(backoff.failures(after: 6, runtimeMilliseconds: 30_000) == 1)
    }
}

@Suite("RestartLimit")
struct RestartLimitTests {
    @Test("10 starts within 60 s by default: the 11th inside the window is refused, one outside it is not")
    func window() {
        let limit = RestartLimit()
        var starts: [Int64] = []
        for second in 0..<10 { starts = limit.recording(Int64(second) * 1000, in: starts) }
        #expect(starts.count == 10)
        #expect(!limit.allowsStart(after: starts, now: 59_999))
        #expect(limit.allowsStart(after: starts, now: 60_000))
        #expect(limit.allowsStart(after: Array(starts.dropFirst()), now: 10_000))
    }

    @Test("only the last burst starts are kept")
    func bounded() {
        let limit = RestartLimit(argument: "3/1")
        var starts: [Int64] = []
        for time in stride(from: Int64(0), to: 100_000, by: 5) { starts = limit?.recording(time, in: starts) ?? [] }
        #expect(starts == [99_985, 99_990, 99_995])
    }

    @Test("N/SECONDS parses; anything else is refused", arguments: [
        ("10/60", 10, Int64(60_000)), ("1/0.5", 1, 500), ("5/86400", 5, 86_400_000),
    ])
    func parses(text: String, burst: Int, interval: Int64) {
        let limit = RestartLimit(argument: text)
        #expect(limit?.burst == burst)
        #expect(limit?.intervalMilliseconds == interval)
        #expect(limit?.argument == text)
    }

    @Test("malformed limits", arguments: ["", "10", "10/", "/60", "0/60", "-1/60", "10/0", "10/-5", "10/86401", "a/b", "10/60/1", "10 / 60"])
    func malformed(text: String) {
        #expect(RestartLimit(argument: text) == nil)
    }
}

@Suite("ErrnoText")
struct ErrnoTextTests {
    @Test("errors read as strerror text with the symbolic name, as the error type promises")
    func names() {
        #expect(ErrnoText.describe(ENOENT) == "No such file or directory (ENOENT)")
        #expect(ErrnoText.describe(EMFILE) == "Too many open files (EMFILE)")
        #expect(ErrnoText.describe(EHWPOISON).hasSuffix("(errno \(EHWPOISON))"))
    }
}

@Suite("TerminationStatus")
struct TerminationStatusTests {
    @Test("wait statuses decode to exit codes, 128+N for signals")
    func decoding() {
        #expect(TerminationStatus(waitStatus: 3 << 8) == .exited(3))
        #expect(TerminationStatus(waitStatus: 3 << 8).exitCode == 3)
        #expect(TerminationStatus(waitStatus: SIGTERM) == .signaled(SIGTERM))
        #expect(TerminationStatus(waitStatus: SIGKILL).exitCode == 137)
        #expect(TerminationStatus.signaled(SIGTERM).description == "was killed by SIGTERM (status 143)")
    }
}

@Suite("LineSplitter")
struct LineSplitterTests {
    private func feed(_ chunks: [String], max: Int = LineSplitter.defaultMaxLineBytes, flush: Bool = false) -> [String] {
        var splitter = LineSplitter(maxLineBytes: max)
        var lines: [String] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { raw in
                splitter.feed(raw) { lines.append(String(decoding: $0, as: UTF8.self)) }
            }
        }
        if flush { splitter.flushPartial { lines.append(String(decoding: $0, as: UTF8.self)) } }
        return lines
    }

    @Test("lines split across reads are joined; empty lines kept; the tail waits for a flush")
    func splitting() {
        #expect(feed(["a\nb", "c\n\nd"]) == ["a", "bc", ""])
        #expect(feed(["a\nb", "c\n\nd"], flush: true) == ["a", "bc", "", "d"])
        #expect(feed(["no newline"], flush: true) == ["no newline"])
        #expect(feed(["x", "y", "z\n"]) == ["xyz"])
    }

    @Test("a line longer than the limit comes out in pieces marked with … on each side of a cut")
    func longLines() {
        #expect(feed(["abcdefghijklmnopqrst\n"], max: 8) == ["abcdefgh…", "…ijklmnop…", "…qrst"])
        #expect(feed(["abcdefgh\n"], max: 8) == ["abcdefgh"])
        #expect(feed(["abcd", "efgh", "\n"], max: 8) == ["abcdefgh"])
        #expect(feed(["abcd", "efgh", "i\n"], max: 8) == ["abcdefgh…", "…i"])
        #expect(feed(["abcdefgh", "ijklmnopq"], max: 8) == ["abcdefgh…", "…ijklmnop…"])
        #expect(feed(["abcdefgh", "ijklmnopq"], max: 8, flush: true) == ["abcdefgh…", "…ijklmnop…", "…q"])
        #expect(feed(["0123456789ab\nshort\n"], max: 8) == ["01234567…", "…89ab", "short"])
    }

    @Test("a cut never splits a UTF-8 character")
    func utf8Cuts() {
        // "aaaaaaé…": é is two bytes at offsets 6-7 of an 8-byte limit; ü at 7-8 must move whole.
        #expect(feed(["aaaaaaébc\n"], max: 8) == ["aaaaaaé…", "…bc"])
        #expect(feed(["aaaaaaaübc\n"], max: 8) == ["aaaaaaa…", "…übc"])
        #expect(feed(["aaaaa日本\n"], max: 8) == ["aaaaa日…", "…本"])
        #expect(feed(["aaaaaa日本\n"], max: 8) == ["aaaaaa…", "…日本"])
        #expect(feed(["aaaaaaa😀x\n"], max: 8) == ["aaaaaaa…", "…😀x"])
    }

    @Test("memory stays bounded: a megabyte without a newline is held 64 bytes at a time")
    func bounded() {
        var splitter = LineSplitter(maxLineBytes: 64)
        var count = 0
        var longest = 0
        let chunk = [UInt8](repeating: UInt8(ascii: "y"), count: 4096)
        for _ in 0..<256 {
            chunk.withUnsafeBytes { splitter.feed($0) { piece in count += 1; longest = max(longest, piece.count) } }
        }
        #expect(count == 256 * 4096 / 64 - 1)
        #expect(longest == 64 + 6)
    }

    @Test("bytes are kept as they are: invalid UTF-8, control characters, \\r")
    func binary() {
        var splitter = LineSplitter()
        var lines: [[UInt8]] = []
        let bytes: [UInt8] = [0xff, 0x00, 0x1b, 0x0d, 0x0a, 0x41]
        bytes.withUnsafeBytes { splitter.feed($0) { lines.append(Array($0)) } }
        splitter.flushPartial { lines.append(Array($0)) }
        #expect(lines == [[0xff, 0x00, 0x1b, 0x0d], [0x41]])
    }
}

@Suite("Small helpers")
struct HelperTests {
    @Test("shell quoting keeps every argument whole", arguments: [
        ("plain", "plain"), ("with space", "'with space'"), ("it's", "'it'\\''s'"), ("", "''"), ("$HOME", "'$HOME'"),
    ])
    func quoting(word: String, quoted: String) {
        #expect(ShellQuote.quote(word) == quoted)
    }

    @Test("durations read naturally")
    func durations() {
        #expect(SupervisorEvent.seconds(500) == "0.5s")
        #expect(SupervisorEvent.seconds(5000) == "5s")
        #expect(SupervisorEvent.seconds(20) == "20ms")
        #expect(SupervisorEvent.seconds(1500) == "1.5s")
    }
}
