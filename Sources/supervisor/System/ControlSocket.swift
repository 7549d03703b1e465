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

    enum ListenFailure: Error {
        /// Someone answers on the socket: another formation runs there.
        case inUse
        case system(SupervisorError)
    }

    /// Binds and listens at `path` (non-blocking, close-on-exec): its directory made `0700` when
    /// it is ours to make, the socket `0600`. A socket nobody answers on (a supervisor that was
    /// killed) is replaced; one that answers is `inUse`.
    static func listen(at path: String) -> Result<Int32, ListenFailure> {
        let directory = FileSystem.directory(of: path)
        if mkdir(directory, 0o700) < 0 && errno != EEXIST {
            return .failure(.system(.systemCall("mkdir", errno, while: "creating the control socket's directory \(directory)")))
        }
        var info = stat()
        if stat(directory, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o077 != 0, directory.hasPrefix("/tmp/formation-") {
            chmod(directory, 0o700)
        }
        switch connect(to: path) {
        case .success(let fd):
            close(fd)
            return .failure(.inUse)
        case .failure(let error) where error.errno == ECONNREFUSED:
            unlink(path)
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
        chmod(path, 0o600)
        if Glibc.listen(fd, 16) < 0 {
            let error = errno
            close(fd)
            return .failure(.system(.systemCall("listen", error, while: "listening on the control socket \(path)")))
        }
        return .success(fd)
    }

    /// A blocking connection to the socket at `path`.
    static func connect(to path: String) -> Result<Int32, SupervisorError> {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { return .failure(.systemCall("socket", errno, while: "connecting to the control socket \(path)")) }
        let connected = withAddress(path) { Glibc.connect(fd, $0, $1) }
        if connected < 0 {
            let error = errno
            close(fd)
            return .failure(.systemCall("connect", error, while: "connecting to the control socket \(path)"))
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
