import Glibc

/// Unbuffered writes to fd 2 for the supervisor's own error messages (and to fd 1 for output
/// that must not wait in stdio's buffer: `logs -f`).
enum StandardError {
    static func write(_ text: String, to fd: Int32 = 2) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
