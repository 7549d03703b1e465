import Glibc

/// Finds the supervisor's own children in /proc: orphans re-parented to it (as subreaper or
/// PID 1) that left their process group, which `kill(-pgid)` no longer reaches. Zombies are left
/// out: they are not processes to wait for, and the next SIGCHLD reaps them.
enum ChildProcesses {
    static func of(_ parent: pid_t) -> [pid_t] {
        all().filter { pid in
            guard let (state, ppid) = stateAndParent(of: pid) else { return false }
            return ppid == parent && state != "Z"
        }
    }

    /// The state and ppid fields of /proc/PID/stat.
    private static func stateAndParent(of pid: pid_t) -> (Character, pid_t)? {
        guard let fields = statFields(of: pid), fields.count > 1, let state = fields[0].first,
              let ppid = pid_t(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return (Character(UnicodeScalar(state)), ppid)
    }

    /// The fields of /proc/PID/stat after the parenthesised command name (state first, as
    /// field 3 of proc(5)), or nil when the process is gone.
    static func statFields(of pid: pid_t) -> [ArraySlice<UInt8>]? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0, let close = bytes[0..<n].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        return bytes[(close + 1)..<n].split(separator: UInt8(ascii: " "))
    }

    /// Every process id in /proc.
    static func all() -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var pids: [pid_t] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let pid = pid_t(name) { pids.append(pid) }
        }
        return pids
    }
}
