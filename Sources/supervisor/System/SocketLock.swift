import Glibc

/// The lock file beside a formation's sockets (`HASH.sock` → `HASH.lock`): the `start` that
/// holds it owns the socket names there, so only it replaces a stale socket, and two starts
/// in the same root at the same moment cannot both win. The kernel drops the lock when the
/// supervisor exits, however it exits; the empty file stays (removing it would let a third
/// start lock a new file while the second still holds the old one).
final class SocketLock {
    let path: String
    private let fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { close(fd) }

    /// Takes the lock at `path` (created 0600, never through a symlink); nil when another
    /// process holds it.
    static func acquire(_ path: String) throws(SupervisorError) -> SocketLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 {
            let code = errno
            if code == ELOOP {
                throw SupervisorError(
                    code: .unsafeSocket,
                    message: "the lock file \(path) is a symlink; remove it, or choose another path with --control",
                    errno: code)
            }
            throw .systemCall("open", code, while: "creating the sockets' lock file \(path)")
        }
        while flock(fd, LOCK_EX | LOCK_NB) < 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw .systemCall("flock", code, while: "locking \(path)")
        }
        return SocketLock(path: path, fd: fd)
    }
}
