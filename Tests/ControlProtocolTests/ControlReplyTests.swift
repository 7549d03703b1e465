import ControlProtocol
import Testing

@Suite struct ControlReplyTests {
    @Test func successLines() {
        #expect(ControlReply.success() == "{\"ok\":true}\n")
        #expect(ControlReply.success([("restarted", ["web.1", "web.2"]), ("count", 2)])
            == "{\"ok\":true,\"restarted\":[\"web.1\",\"web.2\"],\"count\":2}\n")
    }

    @Test func aFailureMessageStaysOnOneLine() {
        #expect(ControlReply.failure("no such type \"wbe\"\nknown: web, worker")
            == "{\"ok\":false,\"error\":\"no such type \\\"wbe\\\"\\nknown: web, worker\"}\n")
    }

    @Test func readsASuccess() throws {
        let reply = try ControlReply(jsonLine: ControlReply.success([("pid", 42)]).utf8)
        #expect(reply.ok)
        #expect(reply.error == nil)
        #expect(reply["pid"]?.intValue == 42)
        #expect(reply.body == ["ok": true, "pid": 42])
    }

    @Test func readsAFailure() throws {
        let reply = try ControlReply(jsonLine: ControlReply.failure("no such type \"wbe\"").utf8)
        #expect(!reply.ok)
        #expect(reply.error == "no such type \"wbe\"")
    }

    @Test func aRequestErrorTravelsAsAFailureAndReadsBack() throws {
        var message = ""
        do {
            _ = try ControlRequest(jsonLine: #"{"command":"restrat"}"#.utf8)
        } catch {
            message = error.description
        }
        #expect(try ControlReply(jsonLine: ControlReply.failure(message).utf8).error == message)
    }

    static let refusals: [(String, String)] = [
        ("", "invalid reply at byte 0: expected a value, found the end of the input (is the socket a Formation supervisor of the same version?, see docs/control.md)"),
        ("HTTP/1.1 400 Bad Request", "invalid reply at byte 0: expected a value, found 'H' (a value is a string in double quotes, a number, true, false, null, an array or an object, see docs/control.md)"),
        ("[true]", #"invalid reply: a reply is a JSON object, found an array (e.g. {"ok":true}, see docs/control.md)"#),
        (#"{"error":"x"}"#, #"invalid reply: missing field "ok" (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"ok":1}"#, #"invalid reply: field "ok" must be true or false, found a number (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"ok":false}"#, #"invalid reply: missing field "error" (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"ok":false,"error":null}"#, #"invalid reply: field "error" must be a string, found null (is the socket a Formation supervisor of the same version?, see docs/control.md)"#),
        (#"{"ok":true,"ok":false}"#, #"invalid reply at byte 11: duplicate key "ok" (name each key once in an object, see docs/control.md)"#),
    ]

    @Test(arguments: refusals)
    func refusesAMalformedReply(line: String, message: String) {
        #expect {
            try ControlReply(jsonLine: line.utf8)
        } throws: { error in
            (error as? ControlProtocolError)?.description == message
        }
    }
}
