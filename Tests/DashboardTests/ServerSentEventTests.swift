import Testing
@testable import dashboard

@Suite("ServerSentEvent")
struct ServerSentEventTests {
    @Test("an event is its name, one data line per line, and a blank line")
    func framing() {
        #expect(ServerSentEvent.frame(#"{"ok":true}"#, event: "status") == "event: status\ndata: {\"ok\":true}\n\n")
        #expect(ServerSentEvent.frame("x") == "data: x\n\n")
        #expect(ServerSentEvent.frame("") == "data: \n\n")
    }

    @Test("line breaks in the data cannot end the event or forge a field")
    func injection() {
        let framed = ServerSentEvent.frame("a\n\nevent: forged\rdata: b\r\nc", event: "line")
        #expect(framed == "event: line\ndata: a\ndata: \ndata: event: forged\ndata: data: b\ndata: c\n\n")
        #expect(framed.components(separatedBy: "\n\n").count == 2)
    }
}
