import ControlProtocol
import Testing

@Suite struct ControlRequestRoundTripTests {
    static let wireForms: [(ControlRequest, String)] = [
        (.status, #"{"command":"status"}"#),
        (.restart(targets: ["web", "worker.2"]), #"{"command":"restart","targets":["web","worker.2"]}"#),
        (.stop(targets: ["web.1"]), #"{"command":"stop","targets":["web.1"]}"#),
        (.scale(formation: "web=4,worker=0"), #"{"command":"scale","formation":"web=4,worker=0"}"#),
        (.signal(targets: ["web"], signal: "USR1"), #"{"command":"signal","targets":["web"],"signal":"USR1"}"#),
        (.logs(targets: [], lines: 100, follow: true), #"{"command":"logs","targets":[],"lines":100,"follow":true}"#),
        (.logs(targets: ["web", "clock.1"], lines: 0, follow: false),
         #"{"command":"logs","targets":["web","clock.1"],"lines":0,"follow":false}"#),
        (.shutdown, #"{"command":"shutdown"}"#),
        (.trigger(type: "backup-job", arguments: []), #"{"command":"trigger","type":"backup-job","arguments":[]}"#),
        (.trigger(type: "backup-job", arguments: ["--full", "a b"]), #"{"command":"trigger","type":"backup-job","arguments":["--full","a b"]}"#),
        (.reload(dryRun: false), #"{"command":"reload","dry_run":false}"#),
        (.reload(dryRun: true), #"{"command":"reload","dry_run":true}"#),
    ]

    @Test(arguments: wireForms)
    func writesTheDocumentedLine(request: ControlRequest, line: String) {
        #expect(request.jsonLine == line + "\n")
    }

    @Test(arguments: wireForms)
    func readsItsOwnLineBack(request: ControlRequest, line: String) throws {
        #expect(try ControlRequest(jsonLine: request.jsonLine.utf8) == request)
        #expect(try ControlRequest(jsonLine: Array(line.utf8)) == request)
    }

    @Test func everyCommandHasAWireForm() {
        #expect(Self.wireForms.map(\.0.command).uniqued() == ControlRequest.commands)
    }

    @Test func logsFieldsAreOptional() throws {
        #expect(try ControlRequest(jsonLine: #"{"command":"logs"}"#.utf8) == .logs(targets: [], lines: 100, follow: false))
        #expect(try ControlRequest(jsonLine: #"{"follow":true,"command":"logs"}"#.utf8) == .logs(targets: [], lines: 100, follow: true))
        #expect(try ControlRequest(jsonLine: #"{"command":"logs","lines":100000}"#.utf8) == .logs(targets: [], lines: 100_000, follow: false))
        #expect(try ControlRequest(jsonLine: #"{"command":"logs","lines":5.0}"#.utf8) == .logs(targets: [], lines: 5, follow: false))
    }

    @Test func whitespaceAroundTheObjectAndACRLFAreAccepted() throws {
        #expect(try ControlRequest(jsonLine: " { \"command\" : \"status\" } \r\n".utf8) == .status)
    }

    @Test func targetsAtTheLimitsAreAccepted() throws {
        let many = (1...ControlRequest.maxTargets).map { "web.\($0)" }
        #expect(try ControlRequest(jsonLine: ControlRequest.stop(targets: many).jsonLine.utf8) == .stop(targets: many))
        let long = String(repeating: "w", count: ControlRequest.maxTargetBytes)
        #expect(try ControlRequest(jsonLine: ControlRequest.restart(targets: [long]).jsonLine.utf8) == .restart(targets: [long]))
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in first-seen order.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
