import CSupervisor
import Glibc

/// The formation's datagram socket for systemd's notify protocol (`NOTIFY_SOCKET`): every
/// child gets its path; each datagram carries its sender's pid (SO_PASSCRED), which names the
/// process group, and so the instance, it came from.
final class NotifySocket {
    let path: String
    let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer

    /// One datagram as received: its sender's process group (nil when the kernel gave no pid or
    /// the sender is already gone) and its bytes, or nil when it was too long.
    struct Datagram {
        let sender: pid_t
        let group: pid_t?
        let bytes: [UInt8]?
    }

    /// At most this many datagrams per loop turn, so that a flood cannot starve the children's output.
    static let batch = 64

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: NotifyMessage.maximumBytes, alignment: 8)
    }

    deinit {
        buffer.deallocate()
        close(fd)
        if !path.hasPrefix("@") { unlink(path) }
    }

    /// Binds the socket at `path`, in a directory the caller has checked (`SocketDirectory`):
    /// a stale socket there is replaced, anything else refused.
    static func open(at path: String) throws(SupervisorError) -> NotifySocket {
        if !path.hasPrefix("@") { try SocketDirectory.removeStaleSocket(at: path, what: "notify socket") }
        var fd: Int32 = -1
        var call: UnsafePointer<CChar>?
        let error = fm_notify_open(path, &fd, &call)
        guard error == 0 else {
            throw .systemCall(call.map { String(cString: $0) } ?? "bind", error, while: "creating the notify socket \(path)")
        }
        return NotifySocket(path: path, fd: fd)
    }

    /// The datagrams waiting now (at most `batch`).
    func receive() -> [Datagram] {
        var datagrams: [Datagram] = []
        while datagrams.count < Self.batch {
            var length = 0
            var sender: pid_t = 0
            var truncated: Int32 = 0
            let error = fm_notify_receive(fd, buffer.baseAddress, buffer.count, &length, &sender, &truncated)
            if error == EINTR { continue }
            guard error == 0 else { break }
            let group = sender > 0 ? getpgid(sender) : -1
            let bytes = truncated != 0 ? nil : Array(UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
            datagrams.append(Datagram(sender: sender, group: group > 0 ? group : nil, bytes: bytes))
        }
        return datagrams
    }
}
