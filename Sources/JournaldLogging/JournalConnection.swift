import CJournald

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One datagram socket to journald shared by every copy of a `JournaldLogHandler` (a datagram
/// send is atomic, so concurrent loggers need no lock).
final class JournalConnection: Sendable {
    /// -1 when the socket could not be opened.
    let fd: Int32

    static let shared = JournalConnection()

    private init() {
        var fd: Int32 = -1
        fd = fj_native_open(&fd) == 0 ? fd : -1
        self.fd = fd
    }

    /// Sends one encoded entry; returns nil, or what failed (system call and errno).
    func send(_ entry: [UInt8]) -> String? {
        guard fd >= 0 else { return "socket(AF_UNIX, SOCK_DGRAM) failed" }
        var call: UnsafePointer<CChar>?
        let error: Int32 = entry.withUnsafeBytes { raw in
            var iov = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress), iov_len: raw.count)
            return fj_native_send(fd, &iov, 1, &call)
        }
        if error == 0 { return nil }
        let name = call.map { String(cString: $0) } ?? "sendmsg"
        let text = strerror(error).map { String(cString: $0) } ?? "error"
        return "\(name) failed: \(text) (errno \(error))"
    }
}
