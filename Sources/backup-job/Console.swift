#if canImport(Glibc)
import Glibc
#endif

/// Output of the job: the summary on stdout, errors and progress on stderr.
enum Console {
    /// Whether stderr is a terminal (progress is shown only then).
    static let stderrIsTTY = isatty(2) == 1

    /// Prints the one summary line.
    static func summary(_ line: String) {
        write(1, line + "\n")
    }

    /// Prints `backup-job: error: ...`.
    static func error(_ message: String) {
        if stderrIsTTY { write(2, "\r\u{1B}[K") }
        write(2, "backup-job: error: \(message)\n")
    }

    /// Rewrites the progress line on a terminal; does nothing otherwise.
    static func progress(_ message: String) {
        guard stderrIsTTY else { return }
        write(2, "\r\u{1B}[K" + message)
    }

    /// Clears the progress line.
    static func endProgress() {
        guard stderrIsTTY else { return }
        write(2, "\r\u{1B}[K")
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in Glibc.write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
