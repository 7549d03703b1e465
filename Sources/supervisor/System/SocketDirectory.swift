import Glibc

/// The directory that holds the formation's control and notify sockets, checked as systemd and
/// OpenSSH check their runtime directories: whoever controls the directory controls the
/// sockets' names, so a directory another user can write to is refused rather than used.
///
/// Nothing here follows a symlink or changes a mode by path: the directory is opened with
/// `O_DIRECTORY | O_NOFOLLOW` and judged by `fstat` of that descriptor; sockets get their mode
/// from the umask at `bind`.
enum SocketDirectory {
    /// How strict the check is.
    enum Rule {
        /// A directory we derive (`/tmp/formation-UID`, `$XDG_RUNTIME_DIR/formation`): ours, with
        /// no group or other access at all.
        case `private`
        /// The directory of a path the user chose (`--control`, `FORMATION_CONTROL`): ours or
        /// root's, and writable by others only with the sticky bit (as `/tmp`).
        case chosen
    }

    /// Makes `path` (mode 0700) when it is missing, then checks it. An unsafe directory throws
    /// `.unsafeSocket` with one line naming it, its owner and mode, and the fix; a directory that
    /// cannot be made (a read-only filesystem) throws `.systemCall`.
    static func prepare(_ path: String, rule: Rule) throws(SupervisorError) {
        if mkdir(path, 0o700) < 0 && errno != EEXIST {
            throw .systemCall("mkdir", errno, while: "creating the sockets' directory \(path)")
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ELOOP || code == ENOTDIR {
                throw unsafe(path, "is a symlink or not a directory")
            }
            throw .systemCall("open", code, while: "checking the sockets' directory \(path)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .systemCall("fstat", errno, while: "checking the sockets' directory \(path)")
        }
        let me = geteuid()
        let mode = info.st_mode & 0o7777
        let owner = "owned by uid \(info.st_uid) with mode \(octal(mode))"
        switch rule {
        case .private:
            guard info.st_uid == me, mode & 0o077 == 0 else {
                throw unsafe(path, "is \(owner), not a directory of uid \(me) with no group or other access")
            }
        case .chosen:
            guard info.st_uid == me || info.st_uid == 0 else {
                throw unsafe(path, "is \(owner), neither yours (uid \(me)) nor root's")
            }
            guard mode & 0o022 == 0 || mode & mode_t(S_ISVTX) != 0 else {
                throw unsafe(path, "is \(owner): others can write to it and it has no sticky bit")
            }
        }
    }

    /// Removes a socket left at `path` by a supervisor that is gone (the caller holds the
    /// `SocketLock`, so no other start is doing the same). Anything that is not a socket is
    /// left alone and refused.
    static func removeStaleSocket(at path: String, what: String) throws(SupervisorError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw .systemCall("lstat", errno, while: "checking the \(what) path \(path)")
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw SupervisorError(
                code: .unsafeSocket,
                message: "the \(what) path \(path) exists and is not a socket; remove it, or choose another path with --control",
                errno: nil)
        }
        if unlink(path) < 0 && errno != ENOENT {
            throw .systemCall("unlink", errno, while: "replacing the stale \(what) \(path)")
        }
    }

    private static func unsafe(_ path: String, _ problem: String) -> SupervisorError {
        SupervisorError(
            code: .unsafeSocket,
            message: "refusing the sockets' directory \(path): it \(problem); remove it (or fix its owner and mode), or set XDG_RUNTIME_DIR, or give --control PATH in a directory of yours",
            errno: nil)
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
