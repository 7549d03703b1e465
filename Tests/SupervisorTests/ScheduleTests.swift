import PeerSupport
import Foundation
import Testing

/// Admin types inside `supervisor start`, end to end: a real schedule firing at a real minute
/// boundary (the one test that waits for the clock, up to about 70 s), `supervisor trigger`
/// with its exit status, overlap refusal and refusals, and `status`'s admin rows.
@Suite("supervisor start --schedule and supervisor trigger", .serialized, .ownThread)
struct ScheduleTests {
    /// `job.sh wait ARGS`: says its arguments, waits for the file `release`, exits 3;
    /// `job.sh kill`: dies by SIGTERM; `job.sh N`: exits N.
    static let procfile = """
        web: while true; do sleep 0.1; done
        job: exec sh job.sh

        """
    static let script = """
        echo "job args: $* (PS=$PS)"
        case "$1" in
          wait) while [ ! -e release ]; do sleep 0.05; done; exit 3 ;;
          kill) kill -TERM $$; sleep 5 ;;
          *) exit "${1:-0}" ;;
        esac

        """

    static func control(_ arguments: [String], in workspace: Workspace, seconds: Double = 15) async throws -> (status: Int32?, output: String, error: String) {
        // The options before TYPE: `trigger` passes everything after it to the run.
        let client = try RunningSupervisor([arguments[0], "--control", "\(workspace.path)/c.sock"] + arguments.dropFirst(), in: workspace)
        let status = await client.waitForExit(seconds: seconds)
        return (status, client.output, client.errorOutput)
    }

    /// The `admin` rows of `status --json`, by type.
    static func admin(in workspace: Workspace) async throws -> [String: [String: Any]] {
        let reply = try await control(["status", "--json"], in: workspace)
        let object = try JSONSerialization.jsonObject(with: Data(reply.output.utf8)) as? [String: Any]
        let rows = object?["admin"] as? [[String: Any]] ?? []
        #expect((object?["instances"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["web.1"])
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["type"] as? String).map { ($0, row) } })
    }

    static func start(_ workspace: Workspace, _ arguments: [String]) throws -> RunningSupervisor {
        try RunningSupervisor(
            ["start", "--no-color", "--no-timestamps", "--control", "\(workspace.path)/c.sock", "-m", "web=1,job=0"] + arguments,
            in: workspace)
    }

    static func seconds(_ iso: Any?) -> Int? {
        guard let text = iso as? String, let date = ISO8601DateFormatter().date(from: text) else { return nil }
        return Int(date.timeIntervalSince1970)
    }

    @Test("a schedule of every minute runs the job at the minute: its line is prefixed, status shows exit 0 and the next minute")
    func everyMinute() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: ["job.sh": Self.script])
        let supervisor = try Self.start(workspace, ["--schedule", "job=* * * * *"])
        #expect(await supervisor.waitFor("spawned web.1"))
        let before = try await Self.admin(in: workspace)
        #expect(before["job"]?["schedule"] as? String == "* * * * *")
        #expect(before["job"]?["last_run"] is NSNull)
        let firstDue = try #require(Self.seconds(before["job"]?["next_run"]))
        #expect(firstDue % 60 == 0)
        // Started just before a minute, the first run may already be going when status is read
        // (next_run is then the minute after it): that run is the one whose line comes first.
        let firstRun = Self.seconds(before["job"]?["running_since"]) ?? firstDue

        #expect(await supervisor.waitFor("job args:  (PS=job.1)", seconds: 75), "\(supervisor.output)")
        #expect(supervisor.lines.contains { $0.hasPrefix("job.1 ") && $0.hasSuffix("| job args:  (PS=job.1)") }, "\(supervisor.output)")
        #expect(await supervisor.waitFor("job.1 (pid"))
        // The exit is a value: the formation keeps running.
        let after = try await Self.admin(in: workspace)
        let last = after["job"]?["last_run"] as? [String: Any]
        #expect(last?["exit_status"] as? Int == 0)
        let started = try #require(Self.seconds(last?["started"]))
        #expect(started >= firstRun)
        #expect(Self.seconds(after["job"]?["next_run"]) == started / 60 * 60 + 60)
        #expect(after["job"]?["running"] is NSNull)
        let table = try await Self.control(["status"], in: workspace)
        #expect(table.output.contains("job  * * * * *  next "), "\(table.output)")
        #expect(table.output.contains("last exit 0 at "), "\(table.output)")

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
    }

    @Test("trigger runs the job with its arguments and exits with its status; a second trigger meanwhile is refused with the pid")
    func trigger() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: ["job.sh": Self.script])
        let supervisor = try Self.start(workspace, [])
        #expect(await supervisor.waitFor("spawned web.1"))
        let idle = try await Self.admin(in: workspace)
        #expect(idle["job"]?["schedule"] is NSNull)
        #expect(idle["job"]?["next_run"] is NSNull)

        let first = try RunningSupervisor(["trigger", "--control", "\(workspace.path)/c.sock", "job", "wait", "a b"], in: workspace)
        #expect(await supervisor.waitFor("| job args: wait a b (PS=job.1)"), "\(supervisor.output)")
        let running = try await Self.admin(in: workspace)
        let pid = try #require(running["job"]?["running"] as? Int)

        // Its lines are the formation's: `logs` takes the admin type as a target.
        let logs = try await Self.control(["logs", "job"], in: workspace)
        #expect(logs.output.contains("job args: wait a b (PS=job.1)"), "\(logs.output) \(logs.error)")

        let second = try await Self.control(["trigger", "job"], in: workspace)
        #expect(second.status == 1)
        #expect(second.error.contains("job.1 is already running since "), "\(second.error)")
        #expect(second.error.contains("(pid \(pid))"), "\(second.error)")
        let web = try await Self.control(["trigger", "web"], in: workspace)
        #expect(web.status == 1)
        #expect(web.error.contains("use `supervisor restart web`"), "\(web.error)")

        try workspace.write("release", "")
        #expect(await first.waitForExit(seconds: 15) == 3)
        #expect(first.output.contains("job.1 exited 3 after "), "\(first.output)")
        let ended = try await Self.admin(in: workspace)
        #expect((ended["job"]?["last_run"] as? [String: Any])?["exit_status"] as? Int == 3)
        #expect(ended["job"]?["running"] is NSNull)

        // A signal death: 128+N, and the formation still runs.
        let killed = try await Self.control(["trigger", "job", "kill"], in: workspace)
        #expect(killed.status == 128 + SIGTERM)
        #expect(killed.output.contains("job.1 was killed by SIGTERM after "), "\(killed.output)")
        let last = try await Self.admin(in: workspace)
        #expect((last["job"]?["last_run"] as? [String: Any])?["signal"] as? String == "SIGTERM")

        supervisor.signal(SIGTERM)
        #expect(await supervisor.waitForExit() == 0)
        #expect(!supervisor.output.contains("restarting job.1"), "\(supervisor.output)")
    }

    @Test("a schedule on a type that runs instances is a configuration error")
    func scheduledLongRunning() async throws {
        let workspace = try Workspace(procfile: Self.procfile, files: ["job.sh": Self.script])
        let supervisor = try RunningSupervisor(["start", "-m", "web=1,job=0", "--schedule", "web=daily"], in: workspace)
        #expect(await supervisor.waitForExit() == 78)
    }
}
