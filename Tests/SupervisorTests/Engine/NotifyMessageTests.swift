import Testing

@testable import supervisor

@Suite("Notify messages")
struct NotifyMessageTests {
    static func parse(_ text: String) throws(NotifyMessage.ParseError) -> NotifyMessage {
        try NotifyMessage.parse(Array(text.utf8))
    }

    @Test("what sd_notify sends: READY, STATUS, STOPPING, WATCHDOG, WATCHDOG_USEC, EXTEND_TIMEOUT_USEC")
    func known() throws {
        #expect(try Self.parse("READY=1\nSTATUS=Serving on 5000") == NotifyMessage(ready: true, status: "Serving on 5000"))
        #expect(try Self.parse("WATCHDOG=1\n") == NotifyMessage(watchdogPing: true))
        #expect(try Self.parse("WATCHDOG=trigger") == NotifyMessage(watchdogTrigger: true))
        #expect(try Self.parse("WATCHDOG_USEC=2000000\nEXTEND_TIMEOUT_USEC=5") == NotifyMessage(watchdogMicroseconds: 2_000_000, extendTimeoutMicroseconds: 5))
        #expect(try Self.parse("STOPPING=1\nMAINPID=12") == NotifyMessage(stopping: true))
        #expect(try Self.parse("STATUS=a=b") .status == "a=b")
        #expect(try Self.parse("READY=0").ready == false)
    }

    @Test("malformed datagrams are refused whole, with a reason", arguments: [
        "", "READY", "=1", "ready=1", "READY=1\nnonsense", "WATCHDOG_USEC=-1", "WATCHDOG_USEC=12x", "WATCHDOG_USEC=",
        "EXTEND_TIMEOUT_USEC=99999999999999999999",
    ])
    func malformed(_ text: String) {
        #expect(throws: NotifyMessage.ParseError.self) { try Self.parse(text) }
        do {
            _ = try Self.parse(text)
        } catch {
            #expect(error != .unknown)
        }
    }

    @Test("invalid UTF-8 and oversized datagrams are malformed; only unknown keys is unknown")
    func edges() {
        #expect(throws: NotifyMessage.ParseError.malformed("a value that is not UTF-8")) { try NotifyMessage.parse(Array("STATUS=".utf8) + [0xFF]) }
        #expect(throws: NotifyMessage.ParseError.self) { try NotifyMessage.parse([UInt8](repeating: 0x41, count: 5000)) }
        #expect(throws: NotifyMessage.ParseError.unknown) { try Self.parse("MAINPID=12\nERRNO=3") }
        let long = try? Self.parse("STATUS=" + String(repeating: "é", count: 1000))
        #expect((long?.status?.utf8.count ?? 0) <= NotifyMessage.maximumStatusBytes)
    }
}
