import Glibc

/// CPU time and resident memory of process groups, from /proc (`status` shows them per
/// instance; the memory cap samples the same figure once a second, `ProcessStats+Memory`).
struct ProcessStats: Equatable, Sendable {
    /// User and system time of the group's live members, in clock ticks (`CLK_TCK`).
    var cpuTicks: Int = 0
    var rssBytes: Int = 0

    static let ticksPerSecond = Int(sysconf(Int32(_SC_CLK_TCK)))
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// One pass over /proc: the sums for each of `groups` (absent when no member was found).
    /// A process group has no list of members in /proc, so every process is looked at; each
    /// /proc/PID/stat is parsed in place (no strings, two reused buffers), since the memory cap
    /// runs this once a second on the loop's thread (docs/performance.md, "Memory cap").
    static func sample(groups: Set<pid_t>) -> [pid_t: ProcessStats] {
        guard !groups.isEmpty, let directory = opendir("/proc") else { return [:] }
        defer { closedir(directory) }
        var stats: [pid_t: ProcessStats] = [:]
        let prefix = "/proc/".utf8.map { CChar(bitPattern: $0) }
        let suffix = "/stat".utf8.map { CChar(bitPattern: $0) } + [0]
        var path = prefix + [CChar](repeating: 0, count: 48)
        var line = [UInt8](repeating: 0, count: 512)
        while let entry = readdir(directory) {
            // `/proc/` + the entry's name (digits only: a process) + `/stat`.
            let length = withUnsafeBytes(of: entry.pointee.d_name) { name -> Int in
                var length = prefix.count
                for byte in name {
                    if byte == 0 { break }
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), length < prefix.count + 20 else { return 0 }
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
            guard count > 0, let fields = Self.fields(line[0..<count]), groups.contains(fields.group) else { continue }
            stats[fields.group, default: ProcessStats()].cpuTicks += fields.cpuTicks
            stats[fields.group, default: ProcessStats()].rssBytes += fields.residentPages * pageSize
        }
        return stats
    }

    /// Fields 5 (pgrp), 14 and 15 (utime, stime) and 24 (rss, in pages) of a /proc/PID/stat
    /// line; nil when the line is not as proc(5) describes it.
    static func fields(_ line: ArraySlice<UInt8>) -> (group: pid_t, cpuTicks: Int, residentPages: Int)? {
        // The command name (field 2) may hold spaces and parentheses: fields count from the last ')'.
        guard let close = line.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        var field = 2
        var value = 0
        var group: pid_t?
        var ticks = 0
        for byte in line[(close + 1)...] {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") {
                switch field {
                case 5: group = pid_t(clamping: value)
                case 14, 15: ticks += value
                case 24: return group.map { ($0, ticks, value) }
                default: break
                }
                field += 1
                value = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), value < Int.max / 10 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
        }
        return nil
    }
}
