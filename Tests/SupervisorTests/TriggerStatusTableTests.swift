import ControlProtocol
import Testing

@testable import supervisor

/// The admin types' section of `supervisor status`: one aligned line per type, its schedule
/// (keywords named), next run, and the run going or the last run's outcome.
@Suite("status: the admin types' section")
struct TriggerStatusTableTests {
    @Test("schedule, next run, last exit or signal with its duration, a run going, never run")
    func lines() {
        let rows = [
            AdminStatus(
                type: "backup-job", instance: "backup-job.1", schedule: "0 0 * * *", nextRun: "2026-12-08T00:00:00Z",
                lastRun: AdminStatus.LastRun(started: "2026-12-07T00:00:03Z", exitStatus: 0, signal: nil, seconds: 1.2),
                running: nil, runningSince: nil),
            AdminStatus(
                type: "report", instance: "report.1", schedule: "*/15 * * * *", nextRun: "2026-12-07T10:30:00Z",
                lastRun: AdminStatus.LastRun(started: "2026-12-07T10:00:00Z", exitStatus: nil, signal: "SIGKILL", seconds: 3),
                running: 4242, runningSince: "2026-12-07T10:15:00Z"),
            AdminStatus(type: "migrate", instance: "migrate.1", schedule: nil, nextRun: nil, lastRun: nil, running: nil, runningSince: nil),
        ]
        #expect(StatusTable.renderAdmin(rows).split(separator: "\n") == [
            "backup-job  daily (0 0 * * *)  next 2026-12-08T00:00:00Z  last exit 0 at 2026-12-07T00:00:03Z (1.2s)",
            "report      */15 * * * *       next 2026-12-07T10:30:00Z  running since 2026-12-07T10:15:00Z (pid 4242); last killed by SIGKILL at 2026-12-07T10:00:00Z (3s)",
            "migrate     no schedule        -                          never run",
        ])
    }
}
