import Glibc

/// CPU time and resident memory of process groups, from /proc (`status` shows them per instance).
struct ProcessStats: Equatable, Sendable {
    /// User and system time of the group's live members, in clock ticks (`CLK_TCK`).
    var cpuTicks: Int = 0
    var rssBytes: Int = 0

    static let ticksPerSecond = Int(sysconf(Int32(_SC_CLK_TCK)))
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// One pass over /proc: the sums for each of `groups` (absent when no member was found).
    static func sample(groups: Set<pid_t>) -> [pid_t: ProcessStats] {
        guard !groups.isEmpty else { return [:] }
        var stats: [pid_t: ProcessStats] = [:]
        for pid in ChildProcesses.all() {
            // proc(5) numbering: state is field 3, pgrp 5, utime 14, stime 15, rss 24.
            guard let fields = ChildProcesses.statFields(of: pid), fields.count > 21,
                  let pgrp = pid_t(String(decoding: fields[2], as: UTF8.self)), groups.contains(pgrp) else { continue }
            let number = { (index: Int) in Int(String(decoding: fields[index], as: UTF8.self)) ?? 0 }
            stats[pgrp, default: ProcessStats()].cpuTicks += number(11) + number(12)
            stats[pgrp, default: ProcessStats()].rssBytes += number(21) * pageSize
        }
        return stats
    }
}
