import Foundation

/// Looks for live processes carrying a test's tag in their environment (every descendant of
/// the supervisor inherits it), to prove nothing was left behind.
enum ProcessTable {
    static func pids(withTag tag: String) -> [Int32] {
        let needle = Array(tag.utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"), !isZombie(pid) else { return false }
            return environ.withUnsafeBytes { raw in
                raw.count >= needle.count && (0...(raw.count - needle.count)).contains { start in
                    raw[start] == needle[0] && needle.indices.allSatisfy { raw[start + $0] == needle[$0] }
                }
            }
        }
    }

    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    /// Waits up to `seconds` for every tagged process to be gone; returns the survivors.
    static func waitUntilGone(tag: String, seconds: Double) async -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var alive = pids(withTag: tag)
        while !alive.isEmpty && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            alive = pids(withTag: tag)
        }
        return alive
    }
}
