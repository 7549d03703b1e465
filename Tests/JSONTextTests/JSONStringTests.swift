import JSONText
import Testing

@Suite("JSON string literals")
struct JSONStringTests {
    @Test("quotes, backslashes and every control character are escaped; UTF-8 and DEL pass as they are", arguments: [
        ("", #""""#),
        ("plain text", #""plain text""#),
        ("q\"b\\s/", #""q\"b\\s/""#),
        ("\n\r\t\u{8}\u{C}", #""\n\r\t\b\f""#),
        ("\u{0}\u{1}\u{1B}\u{1F} \u{7F}", #""\u0000\u0001\u001b\u001f \#u{7F}""#),
        ("é😀\u{2028}", "\"é😀\u{2028}\""),
        ("a\"b\\c\n\u{1}é", #""a\"b\\c\n\u0001é""#),
    ])
    func quoted(text: String, literal: String) {
        #expect(JSONString.quoted(text) == literal)
    }

    @Test("append adds to what the buffer holds and copies a long plain run whole, around one escape")
    func append() {
        var output = Array("x:".utf8)
        let long = String(repeating: "abcdefgh", count: 512)
        JSONString.append(long + "\n" + long, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "x:\"" + long + "\\n" + long + "\"")
    }

    @Test("a String made from a slice of another is escaped from its own bytes, not from its base's")
    func fromSlice() {
        let text = String("--\"a\"--".dropFirst(2).dropLast(2))
        #expect(JSONString.quoted(text) == #""\"a\"""#)
    }
}
