import Foundation

/// The host's view of a container's processes, from /proc.
enum HostProcesses {
    /// The PID namespace of a host process (e.g. "pid:[4026532731]"), or nil when it has gone.
    static func pidNamespace(of pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/pid")
    }

    /// The host PIDs of every process in `namespace`.
    static func inNamespace(_ namespace: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pidNamespace(of: $0) == namespace }
    }

    /// Whether a host process exists (a zombie counts).
    static func exists(_ pid: Int32) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }

    /// Host processes whose command line mentions `text` (a store's path, a container's name).
    static func mentioning(_ text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
        }
    }

    /// Mount points (from /proc/self/mountinfo) under `path`, deepest first.
    static func mounts(under path: String) -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        let points = text.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.count > 4 ? String(fields[4]) : nil
        }
        return points.filter { $0 == path || $0.hasPrefix(path + "/") }.sorted { $0.count > $1.count }
    }
}
