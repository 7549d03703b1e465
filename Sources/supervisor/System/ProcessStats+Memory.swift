import Glibc

extension ProcessStats {
    /// The resident memory of each of `groups` (the sum of its live members' RSS, as `status`
    /// shows it), for the memory cap (`--memory-max`); groups with no member found are absent.
    ///
    /// This runs once a second on the loop's thread while a capped type runs, so it does one
    /// pass over /proc for all groups, parses /proc/PID/stat in place (no strings, two reused
    /// buffers) and reads nothing else. A process group has no list of members in /proc: every
    /// process is looked at (docs/performance.md, "Memory cap", measures the pass).
    static func resident(groups: Set<pid_t>) -> [MemoryUsage] {
        guard !groups.isEmpty, let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var bytes: [pid_t: Int] = [:]
        var path = [CChar](repeating: 0, count: 64)
        var line = [UInt8](repeating: 0, count: 512)
        let prefix = "/proc/".utf8.map { CChar(bitPattern: $0) }
        let suffix = "/stat".utf8.map { CChar(bitPattern: $0) } + [0]
        path.replaceSubrange(0..<prefix.count, with: prefix)
        while let entry = readdir(directory) {
            // `/proc/` + the entry's name (digits only: a process) + `/stat`.
            let length = withUnsafeBytes(of: entry.pointee.d_name) { name -> Int in
                var length = prefix.count
                for byte in name {
                    if byte == 0 { break }
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), length < 40 else { return 0 }
                    path[length] = CChar(bitPattern: byte)
                    length += 1
                }
                return length
            }
            guard length > prefix.count else { continue }
            path.replaceSubrange(length..<(length + suffix.count), with: suffix)
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            let count = line.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard count > 0, let (pgrp, pages) = Self.groupAndResidentPages(line[0..<count]), groups.contains(pgrp) else { continue }
            bytes[pgrp, default: 0] += pages * pageSize
        }
        return bytes.map { MemoryUsage(group: $0.key, bytes: $0.value) }.sorted { $0.group < $1.group }
    }

    /// Fields 5 (pgrp) and 24 (rss, in pages) of a /proc/PID/stat line; nil when the line is not
    /// as proc(5) describes it.
    static func groupAndResidentPages(_ line: ArraySlice<UInt8>) -> (pid_t, Int)? {
        // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
        guard let close = line.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        var field = 2
        var value = 0
        var pgrp: pid_t?
        for byte in line[(close + 1)...] {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") {
                if field == 5 { pgrp = pid_t(clamping: value) }
                if field == 24 { return pgrp.map { ($0, value) } }
                field += 1
                value = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), value < Int.max / 10 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
        }
        return nil
    }
}
