import CSupervisor
import Glibc

/// Who is at the other end of a Unix socket, as the kernel vouches for it (SO_PEERCRED).
struct PeerCredentials: Equatable, Sendable {
    let pid: pid_t
    let uid: uid_t

    static func of(socket fd: Int32) -> PeerCredentials? {
        var pid: pid_t = 0
        var uid: uid_t = 0
        guard fm_peer_credentials(fd, &pid, &uid) == 0 else { return nil }
        return PeerCredentials(pid: pid, uid: uid)
    }
}
