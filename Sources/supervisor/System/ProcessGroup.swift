import Glibc

/// Signalling a child's process group, which reaches the whole tree that stayed in it.
enum ProcessGroup {
    /// Sends `signal` to the group; a group that is already gone (ESRCH) is not an error.
    @discardableResult
    static func signal(_ pgid: pid_t, _ signal: Int32) -> Bool {
        kill(-pgid, signal) == 0
    }

    /// Whether any process (a zombie included) is still in the group.
    static func isAlive(_ pgid: pid_t) -> Bool {
        kill(-pgid, 0) == 0 || errno == EPERM
    }
}
