import ControlProtocol
import Testing

@Suite struct ControlRequestErrorTests {
    /// A request line, then the error's code, field and full message.
    static let cases: [(String, ControlProtocolError.Code, String?, String)] = [
        // Not JSON: the parser's error, as a request's, with the byte offset (each line is sent
        // with its "\n", so the end of the input is one byte later).
        (#"{"command":"stop"x"#, .syntax, nil,
         "invalid request at byte 17: expected ',' or '}' after a member, found 'x' (send one JSON object per line, see docs/control.md)"),
        (#"{"command":"status""#, .syntax, nil,
         "invalid request at byte 20: expected ',' or '}' after a member, found the end of the input (send one JSON object per line, see docs/control.md)"),
        (#"{"command":"status"}{"command":"status"}"#, .syntax, nil,
         "invalid request at byte 20: unexpected '{' after the value (send one JSON value per line, see docs/control.md)"),
        ("", .syntax, nil,
         "invalid request at byte 1: expected a value, found the end of the input (send one JSON object per line, see docs/control.md)"),
        (#"{"command":"status","command":"stop"}"#, .duplicateKey, nil,
         #"invalid request at byte 20: duplicate key "command" (name each key once in an object, see docs/control.md)"#),
        // Not an object.
        ("[]", .notAnObject, nil,
         #"invalid request: a request is a JSON object, found an array (e.g. {"command":"status"}, see docs/control.md)"#),
        (#""status""#, .notAnObject, nil,
         #"invalid request: a request is a JSON object, found a string (e.g. {"command":"status"}, see docs/control.md)"#),
        ("null", .notAnObject, nil,
         #"invalid request: a request is a JSON object, found null (e.g. {"command":"status"}, see docs/control.md)"#),
        // The command.
        ("{}", .missingField, "command",
         #"invalid request: missing field "command" (e.g. {"command":"status"}, see docs/control.md)"#),
        (#"{"command":5}"#, .wrongType, "command",
         #"invalid request: field "command" must be a string, found a number (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"restrat"}"#, .unknownCommand, "command",
         #"invalid request: unknown command "restrat" (one of status, restart, stop, scale, signal, logs, shutdown, trigger, reload, see docs/control.md)"#),
        (#"{"command":"STATUS"}"#, .unknownCommand, "command",
         #"invalid request: unknown command "STATUS" (one of status, restart, stop, scale, signal, logs, shutdown, trigger, reload, see docs/control.md)"#),
        // Unknown fields, named.
        (#"{"command":"status","verbose":true}"#, .unknownField, "verbose",
         #"invalid request: unknown field "verbose" (status takes no field besides "command", see docs/control.md)"#),
        (#"{"command":"shutdown","targets":["web"]}"#, .unknownField, "targets",
         #"invalid request: unknown field "targets" (shutdown takes no field besides "command", see docs/control.md)"#),
        (#"{"command":"restart","targets":["web"],"signal":"HUP"}"#, .unknownField, "signal",
         #"invalid request: unknown field "signal" (restart takes only "targets", see docs/control.md)"#),
        (#"{"command":"signal","":"x"}"#, .unknownField, "",
         #"invalid request: unknown field "" (signal takes "targets" and "signal", see docs/control.md)"#),
        (#"{"command":"logs","tail":5}"#, .unknownField, "tail",
         #"invalid request: unknown field "tail" (logs takes "targets", "lines" and "follow", see docs/control.md)"#),
        (#"{"command":"scale","formation":"web=1","Formation":"x"}"#, .unknownField, "Formation",
         #"invalid request: unknown field "Formation" (scale takes only "formation", see docs/control.md)"#),
        // Missing fields.
        (#"{"command":"restart"}"#, .missingField, "targets",
         #"invalid request: missing field "targets" (e.g. {"command":"restart","targets":["web"]}, see docs/control.md)"#),
        (#"{"command":"stop"}"#, .missingField, "targets",
         #"invalid request: missing field "targets" (e.g. {"command":"stop","targets":["web"]}, see docs/control.md)"#),
        (#"{"command":"signal","targets":["web"]}"#, .missingField, "signal",
         #"invalid request: missing field "signal" (e.g. {"command":"signal","targets":["web"],"signal":"USR1"}, see docs/control.md)"#),
        (#"{"command":"signal","signal":"HUP"}"#, .missingField, "targets",
         #"invalid request: missing field "targets" (e.g. {"command":"signal","targets":["web"],"signal":"USR1"}, see docs/control.md)"#),
        (#"{"command":"scale"}"#, .missingField, "formation",
         #"invalid request: missing field "formation" (e.g. {"command":"scale","formation":"web=4,worker=0"}, see docs/control.md)"#),
        // Mistyped fields.
        (#"{"command":"restart","targets":"web"}"#, .wrongType, "targets",
         #"invalid request: field "targets" must be an array of strings, found a string (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"stop","targets":["web",2]}"#, .wrongType, "targets",
         #"invalid request: field "targets" must be an array of strings, found a number at [1] (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"scale","formation":{"web":4}}"#, .wrongType, "formation",
         #"invalid request: field "formation" must be a string, found an object (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"signal","targets":["web"],"signal":10}"#, .wrongType, "signal",
         #"invalid request: field "signal" must be a string, found a number (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"logs","lines":"5"}"#, .wrongType, "lines",
         #"invalid request: field "lines" must be a whole number in 0...100000, found a string (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"logs","lines":null}"#, .wrongType, "lines",
         #"invalid request: field "lines" must be a whole number in 0...100000, found null (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"logs","follow":"yes"}"#, .wrongType, "follow",
         #"invalid request: field "follow" must be true or false, found a string (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"logs","targets":null}"#, .wrongType, "targets",
         #"invalid request: field "targets" must be an array of strings, found null (send one JSON object per line, see docs/control.md)"#),
        // Values out of bounds.
        (#"{"command":"restart","targets":[]}"#, .invalidValue, "targets",
         #"invalid request: field "targets" is empty; restart needs at least one (name a type (web) or an instance (web.2), see docs/control.md)"#),
        (#"{"command":"stop","targets":[]}"#, .invalidValue, "targets",
         #"invalid request: field "targets" is empty; stop needs at least one (name a type (web) or an instance (web.2), see docs/control.md)"#),
        (#"{"command":"signal","targets":[],"signal":"HUP"}"#, .invalidValue, "targets",
         #"invalid request: field "targets" is empty; signal needs at least one (name a type (web) or an instance (web.2), see docs/control.md)"#),
        (#"{"command":"stop","targets":["web",""]}"#, .invalidValue, "targets",
         #"invalid request: targets[1] is empty (name a type (web) or an instance (web.2), see docs/control.md)"#),
        (#"{"command":"stop","targets":["web\n"]}"#, .invalidValue, "targets",
         #"invalid request: targets[0] holds a control character (name a type (web) or an instance (web.2), see docs/control.md)"#),
        (#"{"command":"logs","lines":100001}"#, .invalidValue, "lines",
         #"invalid request: field "lines" must be a whole number in 0...100000, found 100001 (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"logs","lines":-1}"#, .invalidValue, "lines",
         #"invalid request: field "lines" must be a whole number in 0...100000, found -1 (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"logs","lines":2.5}"#, .invalidValue, "lines",
         #"invalid request: field "lines" must be a whole number in 0...100000, found 2.5 (send one JSON object per line, see docs/control.md)"#),
        (#"{"command":"scale","formation":""}"#, .invalidValue, "formation",
         #"invalid request: field "formation" is empty (e.g. {"command":"scale","formation":"web=4,worker=0"}, see docs/control.md)"#),
        (#"{"command":"signal","targets":["web"],"signal":""}"#, .invalidValue, "signal",
         #"invalid request: field "signal" is not a signal name or number: "" (e.g. USR1, SIGHUP or 10, see docs/control.md)"#),
        (#"{"command":"signal","targets":["web"],"signal":"USR1; rm"}"#, .invalidValue, "signal",
         #"invalid request: field "signal" is not a signal name or number: "USR1; rm" (e.g. USR1, SIGHUP or 10, see docs/control.md)"#),
    ]

    @Test(arguments: cases)
    func refusesWithAClearMessage(line: String, code: ControlProtocolError.Code, field: String?, message: String) {
        do {
            let request = try ControlRequest(jsonLine: Array((line + "\n").utf8))
            Issue.record("accepted \(line) as \(request)")
        } catch {
            #expect(error.code == code)
            #expect(error.subject == .request)
            #expect(error.field == field)
            #expect(error.description == message)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func moreThanAThousandTargetsAreRefused() {
        let targets = (0...ControlRequest.maxTargets).map { "web.\($0)" }
        #expect(refusal(ControlRequest.restart(targets: targets).jsonLine)?.description
            == #"invalid request: field "targets" names 1001 targets, more than 1000 (name types rather than each of their instances, see docs/control.md)"#)
        #expect(refusal(ControlRequest.logs(targets: targets, lines: 1, follow: false).jsonLine)?.field == "targets")
    }

    @Test func aTargetLongerThan256BytesIsRefused() {
        let long = String(repeating: "é", count: 129)  // 258 bytes, 129 characters
        #expect(refusal(ControlRequest.stop(targets: ["web", long]).jsonLine)?.description
            == #"invalid request: targets[1] is 258 bytes long, more than 256 (name a type (web) or an instance (web.2), see docs/control.md)"#)
    }

    @Test func aLongUnknownCommandIsShortenedAndKeptOnOneLine() {
        let name = String(repeating: "x\n", count: 50)
        let error = refusal(JSONValue.object([("command", .string(name))]).serialized)
        #expect(error?.code == .unknownCommand)
        #expect(error?.reason == #"unknown command ""# + String(repeating: #"x\n"#, count: 20) + #""…"#)
    }

    @Test func invalidUTF8InATargetIsRefusedAtItsByte() {
        let line = Array(#"{"command":"stop","targets":["w"#.utf8) + [0xFF] + Array(#""]}"#.utf8)
        let error = refusal(line)
        #expect(error?.code == .invalidText)
        #expect(error?.description == "invalid request at byte 31: bytes that are not UTF-8 in a string (0xFF) (send text as UTF-8, see docs/control.md)")
    }

    @Test func tenMegabytesOfBracketsAreRefusedQuickly() {
        let line = [UInt8](repeating: UInt8(ascii: "["), count: 10 * 1024 * 1024)
        let clock = ContinuousClock()
        var error: ControlProtocolError?
        let elapsed = clock.measure { error = refusal(line) }
        #expect(error?.code == .tooDeep)
        #expect(elapsed < .seconds(1))
    }

    @Test func theLimitsAreDeclared() {
        #expect(ControlRequest.maxLineBytes == 65_536)
        #expect(ControlRequest.maxTargets == 1_000)
        #expect(ControlRequest.maxTargetBytes == 256)
        #expect(ControlRequest.maxLogLines == 100_000)
    }

    private func refusal(_ line: String) -> ControlProtocolError? { refusal(Array(line.utf8)) }

    private func refusal(_ line: [UInt8]) -> ControlProtocolError? {
        do {
            let request = try ControlRequest(jsonLine: line)
            Issue.record("accepted \(request)")
            return nil
        } catch {
            return error
        }
    }
}
