import ControlProtocol
import Testing

@Suite struct InstanceStatusTests {
    static let running = InstanceStatus(
        name: "web.1", type: "web", pid: 4242, port: 5000, state: "running", restarts: 2,
        uptimeSeconds: 12.5, lastExit: 137, cpuPercent: 0.25, rssBytes: 10_485_760)
    static let stopped = InstanceStatus(
        name: "worker.2", type: "worker", pid: nil, port: 5101, state: "stopped", restarts: 0,
        uptimeSeconds: nil, lastExit: nil, cpuPercent: nil, rssBytes: nil)

    @Test func writesEveryKeyInOrder() {
        #expect(Self.running.json.serialized
            == #"{"name":"web.1","type":"web","pid":4242,"port":5000,"state":"running","restarts":2,"uptime_s":12.5,"last_exit":137,"cpu_percent":0.25,"rss_bytes":10485760,"memory_max":null,"status_text":null,"waiting_for":[],"check":null,"cpu_seconds":null,"output_lines":0,"output_bytes":0,"lines_cut":0}"#)
        #expect(Self.stopped.json.serialized
            == #"{"name":"worker.2","type":"worker","pid":null,"port":5101,"state":"stopped","restarts":0,"uptime_s":null,"last_exit":null,"cpu_percent":null,"rss_bytes":null,"memory_max":null,"status_text":null,"waiting_for":[],"check":null,"cpu_seconds":null,"output_lines":0,"output_bytes":0,"lines_cut":0}"#)
        #expect(Self.running.json.objectValue?.map(\.0) == InstanceStatus.jsonKeys)
    }

    static let waiting = InstanceStatus(
        name: "worker.1", type: "worker", pid: nil, port: 5100, state: "waiting", restarts: 0,
        uptimeSeconds: nil, lastExit: nil, cpuPercent: nil, rssBytes: nil, waitingFor: ["release:succeeded", "web:ready"])

    @Test func aWaitingRowNamesWhatItWaitsFor() throws {
        #expect(Self.waiting.json.serialized.hasSuffix(#""status_text":null,"waiting_for":["release:succeeded","web:ready"],"check":null,"cpu_seconds":null,"output_lines":0,"output_bytes":0,"lines_cut":0}"#))
        #expect(try InstanceStatus(json: JSONValue.parse(#"{"name":"web.1","type":"web","port":5000,"state":"starting","restarts":0,"waiting_for":null}"#)).waitingFor == [])
    }

    static let checked = InstanceStatus(
        name: "web.2", type: "web", pid: 4243, port: 5001, state: "ready", restarts: 0,
        uptimeSeconds: 3, lastExit: nil, cpuPercent: nil, rssBytes: nil, check: "failing 2/3")

    @Test func aCheckedRowSaysHowItsCheckGoes() {
        #expect(Self.checked.json.serialized.hasSuffix(#""waiting_for":[],"check":"failing 2/3","cpu_seconds":null,"output_lines":0,"output_bytes":0,"lines_cut":0}"#))
    }

    @Test(arguments: [running, stopped, waiting, checked])
    func readsItsJSONBack(row: InstanceStatus) throws {
        #expect(try InstanceStatus(json: row.json) == row)
        #expect(try InstanceStatus(json: JSONValue.parse(row.json.serialized)) == row)
    }

    @Test func aStatusReplyCarriesRowsThatReadBack() throws {
        let line = ControlReply.success([
            ("root", "/srv/app"), ("pid", 1), ("instances", .array([Self.running.json, Self.stopped.json])),
        ])
        let reply = try ControlReply(jsonLine: line.utf8)
        let rows = try (reply["instances"]?.arrayValue ?? []).map { value throws(ControlProtocolError) in try InstanceStatus(json: value) }
        #expect(rows == [Self.running, Self.stopped])
    }

    @Test func nullableKeysMayBeAbsentAndUnknownKeysAreIgnored() throws {
        let row = try InstanceStatus(json: JSONValue.parse(
            #"{"name":"web.1","type":"web","port":5000,"state":"starting","restarts":0,"ready_s":1.5}"#))
        #expect(row == InstanceStatus(
            name: "web.1", type: "web", pid: nil, port: 5000, state: "starting", restarts: 0,
            uptimeSeconds: nil, lastExit: nil, cpuPercent: nil, rssBytes: nil))
    }

    @Test func aNegativeExitCodeAndZeroesReadBack() throws {
        var row = Self.running
        row.lastExit = -1
        row.cpuPercent = 0
        row.uptimeSeconds = 0
        #expect(try InstanceStatus(json: row.json) == row)
    }

    static let refusals: [(String, String)] = [
        ("[]", #"invalid status row: a status row is a JSON object, found an array (e.g. {"name":"web.1","type":"web","pid":4242,"port":5000,"state":"running",...}, see docs/control.md)"#),
        (#"{"type":"web","port":5000,"state":"running","restarts":0}"#,
         #"invalid status row: missing field "name" (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"name":"web.1","type":"web","state":"running","restarts":0}"#,
         #"invalid status row: missing field "port" (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"name":"web.1","type":"web","port":"5000","state":"running","restarts":0}"#,
         #"invalid status row: field "port" must be a whole number in 0...65535, found a string (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"name":"web.1","type":"web","port":5000,"state":"running","restarts":0,"pid":-4}"#,
         #"invalid status row: field "pid" must be a whole number in 0...2147483647 or null, found -4 (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"name":"web.1","type":"web","port":5000,"state":"running","restarts":0,"uptime_s":"1s"}"#,
         #"invalid status row: field "uptime_s" must be a number or null, found a string (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"name":"web.1","type":"web","port":5000,"state":"running","restarts":0.5}"#,
         #"invalid status row: field "restarts" must be a whole number in 0...9223372036854775807, found 0.5 (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
    ]

    @Test(arguments: refusals)
    func refusesAMalformedRow(json: String, message: String) throws {
        let value = try JSONValue.parse(json)
        #expect {
            try InstanceStatus(json: value)
        } throws: { error in
            (error as? ControlProtocolError)?.description == message
        }
    }
}
