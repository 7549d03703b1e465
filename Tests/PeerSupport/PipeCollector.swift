import Foundation

/// Collects everything a child writes into a pipe, read with blocking `read(2)` on a thread of
/// its own until the pipe's end. Foundation's `readabilityHandler` runs on libdispatch's pool,
/// which a loaded CI machine running a hundred suites can leave unscheduled for over a second:
/// the supervisor then took the pipe for a stalled reader and dropped the rest of its output
/// at exit (it gives a reader 1 s without progress). A thread blocked in `read` is woken by the
/// kernel as soon as bytes arrive.
public final class PipeCollector: @unchecked Sendable {
    // @unchecked: `collected` and `ended` are only touched under `lock`; `pipe` is
    // immutable, and only the reader thread reads its descriptor.
    public let pipe = Pipe()
    private let lock = NSLock()
    private var collected = Data()
    private var ended = false

    /// Starts the reader thread. Pass `pipe` to the child as its stdout or stderr: the parent's
    /// copy of the write end is closed by `Process.run()`, so the end comes with the child's.
    public init() {
        let fd = pipe.fileHandleForReading.fileDescriptor
        Thread { [self] in readToEnd(fd) }.start()
    }

    private func readToEnd(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            lock.lock()
            defer { lock.unlock() }
            guard count > 0 else {
                ended = true
                return
            }
            collected.append(contentsOf: chunk[0..<count])
        }
    }

    /// What was read so far.
    public var data: Data {
        lock.lock()
        defer { lock.unlock() }
        return collected
    }

    /// What was read so far, as UTF-8 text.
    public var text: String { String(decoding: data, as: UTF8.self) }

    /// Whether the pipe reached its end (every writer closed it).
    public var isFinished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    /// Waits until the pipe's end or `deadline` (a process the child left behind may hold the
    /// write end a moment longer); whether the end came. Polls with `Task.sleep`: the caller's
    /// thread stays free.
    @discardableResult
    public func waitForEnd(until deadline: Date) async -> Bool {
        while !isFinished && Date() < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return isFinished
    }
}
