import CSupervisor
import Glibc

/// The control socket's file: where it is, and the Unix stream socket calls around it.
enum ControlSocket {
    /// `FORMATION_CONTROL`, else `$XDG_RUNTIME_DIR/formation/<hash of root>.sock`, else
    /// `/tmp/formation-<uid>/<hash of root>.sock`: commands run in the same root find it, and
    /// the path stays far below `sun_path`'s 108 bytes.
    static func defaultPath(root: String, environment: [String: String]) -> String {
        if let path = environment["FORMATION_CONTROL"], !path.isEmpty { return path }
        return "\(directory(environment: environment))/\(hash(root)).sock"
    }

    static func directory(environment: [String: String]) -> String {
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, runtime.utf8.count < 60 {
            return "\(runtime)/formation"
        }
        return "/tmp/formation-\(geteuid())"
    }

    /// A file beside the control socket: `HASH.sock` with `suffix` `.lock` gives `HASH.lock`
    /// (the sockets' lock, the notify socket, a second formation's own notify socket).
    static func sibling(of control: String, _ suffix: String) -> String {
        (control.hasSuffix(".sock") ? String(control.dropLast(5)) : control) + suffix
    }

    /// 16 hex digits of FNV-1a over the root's bytes.
    static func hash(_ root: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in root.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Whether the path is one we derive (not `FORMATION_CONTROL`): its directory is then held
    /// to the private rule (see `SocketDirectory`).
    static func isDerived(environment: [String: String]) -> Bool {
        (environment["FORMATION_CONTROL"] ?? "").isEmpty
    }

    enum ListenFailure: Error {
        /// Someone of ours answers on the socket: another formation runs there.
        case inUse
        /// The path cannot be trusted (an impostor answers there, or it is not a socket).
        case unsafe(SupervisorError)
        case system(SupervisorError)
    }

    /// Binds and listens at `path` (non-blocking, close-on-exec; `0600` from the umask, never a
    /// `chmod` by path). The caller has checked the directory and holds the `SocketLock`: a
    /// socket nobody answers on (a supervisor that was killed) is replaced; one that answers is
    /// `inUse` when it is ours, `unsafe` when another user holds it; anything else at the
    /// path is left alone and `unsafe`.
    static func listen(at path: String) -> Result<Int32, ListenFailure> {
        switch connect(to: path) {
        case .success(let fd):
            close(fd)
            return .failure(.inUse)
        case .failure(let error) where error.code == .unsafeSocket:
            return .failure(.unsafe(error))
        case .failure(let error) where error.errno == ECONNREFUSED || error.errno == ENOENT:
            do {
                try SocketDirectory.removeStaleSocket(at: path, what: "control socket")
            } catch {
                return .failure(error.code == .unsafeSocket ? .unsafe(error) : .system(error))
            }
        case .failure:
            break
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        if fd < 0 { return .failure(.system(.systemCall("socket", errno, while: "creating the control socket"))) }
        let previous = umask(0o177)
        let bound = withAddress(path) { bind(fd, $0, $1) }
        umask(previous)
        if bound < 0 {
            let error = errno
            close(fd)
            if error == EADDRINUSE { return .failure(.inUse) }
            return .failure(.system(.systemCall("bind", error, while: "creating the control socket \(path)")))
        }
        if Glibc.listen(fd, 16) < 0 {
            let error = errno
            close(fd)
            return .failure(.system(.systemCall("listen", error, while: "listening on the control socket \(path)")))
        }
        return .success(fd)
    }

    /// A blocking connection to the socket at `path`, refused before anything is sent unless
    /// the process listening there is our user or root (`SO_PEERCRED`): another user who got
    /// hold of the path cannot answer for the formation.
    static func connect(to path: String) -> Result<Int32, SupervisorError> {
        var fd: Int32 = -1
        var owner: uid_t = 0
        let error = fm_unix_connect(path, 0, &fd, &owner)
        if error != 0 {
            return .failure(.systemCall("connect", error, while: "connecting to the control socket \(path)"))
        }
        guard owner == geteuid() || owner == 0 else {
            close(fd)
            return .failure(SupervisorError(
                code: .unsafeSocket,
                message: "refusing the control socket \(path): it is held by uid \(owner), not by you (uid \(geteuid())) or root; another user may be impersonating the formation: remove it, or name the right socket with --control",
                errno: nil))
        }
        return .success(fd)
    }

    /// Calls `body` with a `sockaddr_un` for `path` (ENAMETOOLONG when it does not fit).
    private static func withAddress(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            errno = ENAMETOOLONG
            return -1
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}
