import AppTestSupport
import Foundation

/// A process inside a container, as its /proc shows it to the image's user.
struct ContainerProcess: Equatable, CustomStringConvertible {
    var pid: Int
    var name: String
    /// R, S, D, Z (zombie), ...
    var state: String
    var parent: Int
    var uid: Int

    var description: String { "\(pid) \(name) \(state) ppid=\(parent) uid=\(uid)" }
}

extension Container {
    /// Every process of the container (the `sh` listing them included), from /proc/PID/status.
    func processes() async throws -> [ContainerProcess] {
        // Name, State, PPid and Uid come in that order in /proc/PID/status.
        let script = #"cd /proc && for p in [0-9]*; do f=$(awk '/^(Name|State|PPid|Uid):/ { printf "%s ", $2 }' $p/status 2>/dev/null) && [ -n "$f" ] && echo "$p $f"; done"#
        let result = try await exec(["sh", "-c", script])
        guard result.status == 0 else { throw TestSupportError("listing /proc in \(name) exited \(result.status.map(String.init) ?? "on timeout"): \(result.error)") }
        return result.output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 5, let pid = Int(fields[0]), let parent = Int(fields[3]), let uid = Int(fields[4]) else { return nil }
            return ContainerProcess(pid: pid, name: fields[1], state: fields[2], parent: parent, uid: uid)
        }
    }

    /// Lines of `podman logs` (without their HH:MM:SS) that the supervisor's terminal sink wrote
    /// for `instance`: "NAME  | text" (stdout) or "NAME  ! text" (stderr).
    static func prefixed(_ logs: String, instance: String) -> [String] {
        logs.split(separator: "\n").compactMap { line -> String? in
            var text = Substring(line)
            if text.count > 9, text.prefix(8).allSatisfy({ $0.isNumber || $0 == ":" }), text.dropFirst(8).first == " " {
                text = text.dropFirst(9)
            }
            guard text.hasPrefix(instance + " ") else { return nil }
            let rest = text.dropFirst(instance.count).drop { $0 == " " }
            return rest.hasPrefix("| ") || rest.hasPrefix("! ") ? String(rest.dropFirst(2)) : nil
        }
    }

    /// Polls `podman logs` until `condition` holds for them or `seconds` pass; the last logs.
    func logs(until condition: (String) -> Bool, seconds: Double = 10) async -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var text = await logs()
        while !condition(text) && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(100))
            text = await logs()
        }
        return text
    }
}
