import ControlProtocol

extension StatusTable {
    /// The admin types under the instances, one line each in aligned columns:
    /// `backup-job  daily (0 0 * * *)  next 2026-12-08T00:00:00Z  last exit 0 at 2026-12-07T00:00:03Z (1.2s)`.
    static func renderAdmin(_ rows: [AdminStatus]) -> String {
        let cells = rows.map { row in
            [row.type, row.scheduleText ?? "no schedule", row.nextRun.map { "next \($0)" } ?? "-", lastRun(row)]
        }
        let widths = (0..<4).map { column in cells.map { $0[column].count }.max() ?? 0 }
        return cells.map { line in
            line.indices.map { line[$0].padding(to: widths[$0]) }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n")
    }

    /// The run going, else the last run's outcome.
    static func lastRun(_ row: AdminStatus) -> String {
        var parts: [String] = []
        if let pid = row.running {
            parts.append("running since \(row.runningSince ?? "?") (pid \(pid))")
        }
        if let last = row.lastRun {
            let outcome = last.signal.map { "killed by \($0)" } ?? "exit \(last.exitStatus ?? 0)"
            parts.append("last \(outcome) at \(last.started) (\(SupervisorEvent.seconds(Int((last.seconds * 1000).rounded()))))")
        } else if row.running == nil {
            parts.append("never run")
        }
        return parts.joined(separator: "; ")
    }
}
