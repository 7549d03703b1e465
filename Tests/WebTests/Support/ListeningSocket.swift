import AppTestSupport
import Glibc

/// A TCP socket listening on 127.0.0.1 on a port the kernel chose, as a service manager passes
/// one (`supervisor --socket`, systemd): servers are given `dup`s of it, the test keeps its own.
final class ListeningSocket: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 256) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            close(fd)
            throw TestSupportError("bind/listen on 127.0.0.1:0 failed: errno \(errno)")
        }
        descriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A new descriptor of the same socket, for one server (which closes it when it stops).
    func duplicate() throws -> Int32 {
        let fd = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        guard fd >= 0 else { throw TestSupportError("dup failed: errno \(errno)") }
        return fd
    }

    deinit { close(descriptor) }
}
