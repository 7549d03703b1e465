import Testing
@testable import dashboard

@Suite("LineBuffer")
struct LineBufferTests {
    @Test("lines are cut at newlines across chunks; the rest is kept until the end")
    func lines() throws {
        var buffer = LineBuffer()
        buffer.append(Array(#"{"ok":tr"#.utf8))
        #expect(try buffer.nextLine() == nil)
        buffer.append(Array("ue}\n{\"a\"".utf8))
        #expect(try buffer.nextLine() == Array(#"{"ok":true}"#.utf8))
        #expect(try buffer.nextLine() == nil)
        buffer.append(Array(":1}\n\nlast".utf8))
        #expect(try buffer.nextLine() == Array(#"{"a":1}"#.utf8))
        #expect(try buffer.nextLine() == [])
        #expect(try buffer.nextLine() == nil)
        #expect(buffer.remainder() == Array("last".utf8))
        #expect(buffer.remainder() == nil)
    }

    @Test("an incomplete line beyond the bound is an error")
    func bound() {
        var buffer = LineBuffer(maxLineBytes: 8)
        buffer.append(Array("12345678".utf8))
        #expect(throws: Never.self) { try buffer.nextLine() }
        buffer.append(Array("9".utf8))
        #expect(throws: ControlChannelError.lineTooLong(8)) { try buffer.nextLine() }
    }
}
