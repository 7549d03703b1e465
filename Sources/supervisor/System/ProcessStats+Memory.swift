import Glibc

extension ProcessStats {
    /// The resident memory of each of `groups` (the sum of its live members' RSS, the figure
    /// `status` shows), for the memory cap (`--memory-max`); groups with no member found are absent.
    static func resident(groups: Set<pid_t>) -> [MemoryUsage] {
        sample(groups: groups).map { MemoryUsage(group: $0.key, bytes: $0.value.rssBytes) }.sorted { $0.group < $1.group }
    }
}
