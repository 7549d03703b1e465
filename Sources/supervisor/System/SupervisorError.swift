import Glibc

/// A failure of the supervisor itself (not of a child: a child's exit status is a value).
/// Its description is one line: what failed, on what, and how to fix it where we know.
struct SupervisorError: Error, CustomStringConvertible {
    struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        static let systemCall = Code(name: "system call failed")
        static let spawn = Code(name: "cannot start process")
        /// No child ran: fork (EAGAIN: the process limit; ENOMEM), or the spawner's pipe2 or thread failed. The system's state, not the child's: retried.
        static let fork = Code(name: "cannot fork")
        static let file = Code(name: "cannot read file")
        static let configuration = Code(name: "invalid configuration")
        /// Another formation answers on the control socket.
        static let alreadyRunning = Code(name: "already running")
        /// A socket path or its directory that another user controls (or that is not a
        /// socket): refused rather than used.
        static let unsafeSocket = Code(name: "unsafe socket")
        var description: String { name }
    }

    let code: Code
    let message: String
    /// The errno behind the failure, when there is one.
    let errno: Int32?

    /// A failed system call: names the call, what it was for, and the errno.
    static func systemCall(_ call: String, _ errno: Int32, while doing: String) -> SupervisorError {
        SupervisorError(code: .systemCall, message: "\(call) failed while \(doing): \(ErrnoText.describe(errno))", errno: errno)
    }

    var description: String { message }
}

/// `strerror` text with the symbolic name, e.g. "No such file or directory (ENOENT)"; a code
/// without a name here shows its number, "(errno 133)".
enum ErrnoText {
    static func describe(_ code: Int32) -> String {
        let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return "\(text) (\(names[code] ?? "errno \(code)"))"
    }

    /// The codes a supervisor meets: files, processes, descriptors, memory, sockets.
    static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR", EIO: "EIO", E2BIG: "E2BIG",
        ENOEXEC: "ENOEXEC", EBADF: "EBADF", ECHILD: "ECHILD", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM",
        EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY", EEXIST: "EEXIST", ENOTDIR: "ENOTDIR",
        EISDIR: "EISDIR", EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE", ETXTBSY: "ETXTBSY",
        ENOSPC: "ENOSPC", EROFS: "EROFS", EPIPE: "EPIPE", ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP",
        ENOSYS: "ENOSYS", ECONNREFUSED: "ECONNREFUSED", EADDRINUSE: "EADDRINUSE", ENOBUFS: "ENOBUFS",
        EMSGSIZE: "EMSGSIZE", ETIMEDOUT: "ETIMEDOUT",
    ]
}
