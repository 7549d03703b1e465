import ControlProtocol
import Testing

/// `trigger` on the wire and the `admin` rows of `status`.
@Suite struct TriggerRequestTests {
    @Test func argumentsAreOptional() throws {
        #expect(try ControlRequest(jsonLine: #"{"command":"trigger","type":"backup-job"}"#.utf8) == .trigger(type: "backup-job", arguments: []))
    }

    @Test(arguments: [
        (#"{"command":"trigger"}"#, "type"),
        (#"{"command":"trigger","type":""}"#, "type"),
        (#"{"command":"trigger","type":"job","arguments":"x"}"#, "arguments"),
        (#"{"command":"trigger","type":"job","arguments":["a\u0000b"]}"#, "arguments"),
        (#"{"command":"trigger","type":"job","targets":["job"]}"#, "targets"),
    ])
    func refusesABadTrigger(line: String, field: String) {
        #expect(throws: ControlProtocolError.self) { try ControlRequest(jsonLine: line.utf8) }
        do {
            _ = try ControlRequest(jsonLine: line.utf8)
        } catch {
            #expect(error.field == field, "\(error.description)")
        }
    }

    @Test func adminRowsRoundTrip() throws {
        let rows = [
            AdminStatus(
                type: "backup-job", instance: "backup-job.1", schedule: "0 0 * * *", nextRun: "2026-12-08T00:00:00Z",
                lastRun: AdminStatus.LastRun(started: "2026-12-07T00:00:03Z", exitStatus: 0, signal: nil, seconds: 1.25),
                running: nil, runningSince: nil),
            AdminStatus(
                type: "report", instance: "report.1", schedule: nil, nextRun: nil,
                lastRun: AdminStatus.LastRun(started: "2026-12-07T09:00:00Z", exitStatus: nil, signal: "SIGKILL", seconds: 3),
                running: 4242, runningSince: "2026-12-07T10:00:00Z"),
        ]
        for row in rows {
            #expect(try AdminStatus(json: JSONValue.parse(Array(row.json.serialized.utf8))) == row)
        }
        #expect(rows[0].json.serialized.hasPrefix(#"{"type":"backup-job","instance":"backup-job.1","schedule":"0 0 * * *","next_run":"2026-12-08T00:00:00Z","last_run":{"started":"2026-12-07T00:00:03Z","exit_status":0,"signal":null,"seconds":1.25}"#))
        #expect(rows[0].scheduleText == "daily (0 0 * * *)")
        #expect(rows[1].scheduleText == nil)
        #expect(AdminStatus(type: "x", instance: "x.1", schedule: "*/15 * * * *", nextRun: nil, lastRun: nil, running: nil, runningSince: nil).scheduleText == "*/15 * * * *")
    }
}
