import Glibc

/// The one line that says how much output the supervisor could not write, on stderr.
enum LostOutput {
    /// Writes the report to stderr unless stderr is full too (the same stalled pipe as stdout):
    /// a short line is written only when `poll` says it will not block.
    static func report(bytes: Int, error: Int32) {
        let why = error == 0
            ? "its reader stopped reading"
            : ErrnoText.describe(error)
        let line = "supervisor: \(bytes) bytes of output could not be written to stdout: \(why)\n"
        var descriptor = pollfd(fd: 2, events: Int16(POLLOUT), revents: 0)
        guard poll(&descriptor, 1, 0) == 1, descriptor.revents & Int16(POLLOUT) != 0 else { return }
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
