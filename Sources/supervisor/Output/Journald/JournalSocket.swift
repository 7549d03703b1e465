import CJournald
import Glibc

/// The datagram socket to journald's native socket (see `fj_native_send`).
final class JournalSocket {
    let fd: Int32

    /// nil when journald listens on this machine, else why not. `sd_journal_sendv` drops
    /// entries silently when the socket is missing, so the supervisor asks first.
    static var unavailableReason: String? {
        let error = fj_socket_check(FJ_NATIVE_SOCKET)
        if error == 0 { return nil }
        if error == ENOENT { return "\(path) does not exist" }
        return "connect to \(path) failed: \(ErrnoText.describe(error))"
    }

    static let path = FJ_NATIVE_SOCKET

    init() throws(SupervisorError) {
        var fd: Int32 = -1
        let error = fj_native_open(&fd)
        if error != 0 { throw .systemCall("socket(AF_UNIX, SOCK_DGRAM)", error, while: "opening a socket to journald") }
        // Non-blocking: a stopped or stuck journald answers EAGAIN instead of holding the loop
        // (signals, reaping, stops) in sendmsg; the sink waits for it without blocking.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
    }

    deinit { close(fd) }

    /// Sends one entry spread over `count` iovecs; nil when journald took it.
    func send(_ iov: UnsafePointer<iovec>, count: Int) -> SupervisorError? {
        var call: UnsafePointer<CChar>?
        let error = fj_native_send(fd, iov, count, &call)
        if error == 0 { return nil }
        let name = call.map { String(cString: $0) } ?? "sendmsg"
        return .systemCall(name, error, while: "sending an entry to journald (\(Self.path))")
    }
}
