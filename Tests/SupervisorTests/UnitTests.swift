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

    @Test("a run of 30 s resets the count; the 10th consecutive failure gives up")
    func resetAndGiveUp() {
        let backoff = Backoff()
        #expect(backoff.failures(after: 6, runtimeMilliseconds: 29_999) == 7)
        #expect(backoff.failures(after: 6, runtimeMilliseconds: 30_000) == 1)
        #expect(!backoff.shouldGiveUp(consecutiveFailures: 9))
        #expect(backoff.shouldGiveUp(consecutiveFailures: 10))
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
    private func feed(_ chunks: [String], flush: Bool = false) -> [String] {
        var splitter = LineSplitter()
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

    @Test("JSON strings escape quotes, backslashes and control characters")
    func json() {
        #expect(JSONText.string("a\"b\\c\n\u{1}é") == #""a\"b\\c\n\u0001é""#)
    }

    @Test("durations read naturally")
    func durations() {
        #expect(SupervisorEvent.seconds(500) == "0.5s")
        #expect(SupervisorEvent.seconds(5000) == "5s")
        #expect(SupervisorEvent.seconds(20) == "20ms")
        #expect(SupervisorEvent.seconds(1500) == "1.5s")
    }
}
