import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a message goes when journald does not take it: stderr, with the reason on the line.
enum StandardErrorFallback {
    static func report(label: String, level: Logger.Level, message: String, reason: String) {
        emit("\(label) \(level): \(message) [journald: \(reason)]\n")
    }

    private static func emit(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(2, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
