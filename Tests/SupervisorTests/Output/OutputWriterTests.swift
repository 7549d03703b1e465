import Glibc
import Testing

@testable import supervisor

/// `OutputWriter`: lines formatted straight into its waiting output reach the descriptor in
/// order, and its wake descriptor tells a paused loop when a slow reader caught up.
@Suite("OutputWriter")
struct OutputWriterTests {
    /// A pipe whose read end the test drains itself.
    private func makePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        return (fds[0], fds[1])
    }

    private func readable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, milliseconds) == 1
    }

    /// Reads until `count` bytes came (the writer thread writes them meanwhile).
    private func drain(_ fd: Int32, count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count < count, readable(fd, milliseconds: 30_000) {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += buffer[..<n]
        }
        return bytes
    }

    @Test("appended runs come out whole and in order; the wake descriptor stays quiet until the reader catches up")
    func wakesWhenCaughtUp() throws {
        let pipe = makePipe()
        defer { close(pipe.read) }
        let writer = try OutputWriter(fd: pipe.write)
        let line = Array(String(repeating: "x", count: 99).utf8) + [10]
        let lines = 4000  // 400 KB: far more than the pipe holds
        for index in 0..<lines {
            writer.append(reserving: line.count, wake: index % 100 == 99) { out in
                line.withUnsafeBytes { out.copyMemory(from: $0) }
                return line.count
            }
        }
        writer.flush()
        #expect(writer.wakeFD >= 0)
        writer.wake(below: 32 * 1024)
        // Nobody reads yet: well over 32 KiB waits, so no wake-up.
        #expect(!readable(writer.wakeFD, milliseconds: 100))
        let got = drain(pipe.read, count: lines * line.count)
        #expect(got.count == lines * line.count)
        #expect(got == Array([[UInt8]](repeating: line, count: lines).joined()))
        #expect(readable(writer.wakeFD, milliseconds: 30_000))
        #expect(writer.pending < 32 * 1024)
        writer.drain()
        close(pipe.write)
    }

    @Test("asking when the output is already below the mark wakes at once")
    func wakesAtOnce() throws {
        let pipe = makePipe()
        defer {
            close(pipe.read)
            close(pipe.write)
        }
        let writer = try OutputWriter(fd: pipe.write)
        writer.wake(below: 1024)
        #expect(readable(writer.wakeFD, milliseconds: 30_000))
    }
}
