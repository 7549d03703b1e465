import Foundation

/// `supervisor dashboard --port 0` in a workspace whose formation runs: the URL it printed,
/// with its token.
struct RunningDashboard {
    let process: RunningSupervisor
    /// `http://127.0.0.1:PORT/?token=HEX`.
    let url: String

    static func start(in workspace: Workspace) async throws -> RunningDashboard {
        let process = try RunningSupervisor(["dashboard", "--port", "0"], in: workspace)
        guard await process.waitFor("?token=", seconds: 20),
              let line = process.lines.first(where: { $0.contains("?token=") }),
              let start = line.range(of: "http://"),
              let url = line[start.lowerBound...].split(separator: " ").first.map(String.init)
        else {
            process.signal(SIGKILL)
            throw WebDriverError("supervisor dashboard printed no URL; stdout: \(process.output) stderr: \(process.errorOutput)")
        }
        return RunningDashboard(process: process, url: url)
    }

    /// `http://127.0.0.1:PORT` (no path, no token).
    var origin: String { String(url.prefix { $0 != "?" }.dropLast()) }

    /// The token of the URL.
    var token: String { String(url.split(separator: "=").last ?? "") }

    /// `path` on the dashboard, with the token or without.
    func address(_ path: String, token: Bool = true) -> String {
        origin + path + (token ? (path.contains("?") ? "&" : "?") + "token=\(self.token)" : "")
    }

    /// The dashboard's resident memory, from /proc (kB).
    var residentKilobytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return Int(line.split(separator: " ")[1])
    }
}
