import ControlProtocol
import Testing

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
        #expect(throws: LineBuffer.Overflow(limit: 8)) { try buffer.nextLine() }
    }

    @Test("a complete line beyond the bound is an error too; lines at the bound are served")
    func completeBound() throws {
        var buffer = LineBuffer(maxLineBytes: 4)
        buffer.append(Array("1234\n12345\n".utf8))
        #expect(try buffer.nextLine() == Array("1234".utf8))
        #expect(throws: LineBuffer.Overflow(limit: 4)) { try buffer.nextLine() }
    }

    @Test("a million short lines, fed in chunks, come out in order with little held")
    func manyLines() throws {
        var buffer = LineBuffer(maxLineBytes: 16)
        let chunk = Array(repeating: Array("x\n".utf8), count: 32_768).flatMap { $0 }
        var taken = 0
        for _ in 0..<32 {
            buffer.append(chunk)
            while let line = try buffer.nextLine() {
                #expect(line == [UInt8(ascii: "x")])
                taken += 1
            }
            #expect(buffer.count == 0)
        }
        #expect(taken == 32 * 32_768)
    }

    @Test("lines taken one at a time between appends keep only what is unread")
    func interleaved() throws {
        var buffer = LineBuffer()
        buffer.append(Array("a\nb\nc".utf8))
        #expect(try buffer.nextLine() == Array("a".utf8))
        buffer.append(Array("\nd\n".utf8))
        #expect(buffer.count == 6)
        #expect(try buffer.nextLine() == Array("b".utf8))
        #expect(try buffer.nextLine() == Array("c".utf8))
        #expect(try buffer.nextLine() == Array("d".utf8))
        #expect(try buffer.nextLine() == nil)
        #expect(buffer.remainder() == nil)
    }
}
