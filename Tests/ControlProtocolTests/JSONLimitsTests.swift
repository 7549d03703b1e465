import ControlProtocol
import Testing

/// Hostile sizes and bytes: nesting, huge strings, invalid UTF-8.
@Suite struct JSONLimitsTests {
    @Test func nestingUpToMaxDepthIsAccepted() throws {
        let arrays = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(try JSONValue.parse(arrays) != .null)
        let objects = String(repeating: #"{"a":"#, count: 32) + "1" + String(repeating: "}", count: 32)
        #expect(try JSONValue.parse(objects) != .null)
        #expect(try JSONValue.parse("[[1]]", maxDepth: 2) == [[1]])
        #expect(try JSONValue.parse("7", maxDepth: 0) == 7)
    }

    @Test func nestingBeyondMaxDepthIsRefusedAtTheFirstExtraLevel() {
        let arrays = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(refusal(arrays)?.description
            == "invalid JSON at byte 32: arrays and objects nested deeper than 32 levels (nest at most 32 levels)")
        #expect(refusal("[[{}]]", maxDepth: 2)?.offset == 2)
        #expect(refusal("[]", maxDepth: 0)?.code == .tooDeep)
    }

    @Test func a100000LevelArrayIsRefusedQuickly() {
        let input = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let clock = ContinuousClock()
        var error: ControlProtocolError?
        let elapsed = clock.measure { error = refusal(input) }
        #expect(error?.code == .tooDeep)
        #expect(error?.offset == 32)
        #expect(elapsed < .seconds(1))
    }

    @Test func aMillionOpenBracketsWithNoDepthLimitNeverRecurse() {
        // The open containers are on a heap stack: even without a limit, a million levels end
        // in an ordinary error, not a stack overflow.
        let input = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let error = refusal(input, maxDepth: .max)
        #expect(error?.code == .syntax)
        #expect(error?.offset == 1_000_000)
    }

    @Test func tenMegabytesOfOpenObjectsAreRefusedQuickly() {
        let input = Array(String(repeating: #"{"a":"#, count: 2_000_000).utf8)
        let clock = ContinuousClock()
        var error: ControlProtocolError?
        let elapsed = clock.measure { error = refusal(input) }
        #expect(error?.code == .tooDeep)
        #expect(error?.offset == 32 * 5)
        #expect(elapsed < .seconds(1))
    }

    @Test func aTenMegabyteStringParsesInBoundedTime() throws {
        let count = 10 * 1024 * 1024
        var input: [UInt8] = [UInt8(ascii: "\"")]
        input += repeatElement(UInt8(ascii: "a"), count: count)
        input.append(UInt8(ascii: "\""))
        let clock = ContinuousClock()
        var value: JSONValue = .null
        let elapsed = try clock.measure { value = try JSONValue.parse(input) }
        #expect(value.stringValue?.utf8.count == count)
        #expect(elapsed < .seconds(20))
    }

    @Test func aTenMegabyteStringOfEscapesParsesInBoundedTime() throws {
        // Regression: each escape once copied the string built so far (quadratic: 170 s).
        let input = Array(("\"" + String(repeating: #"\n\u00e9"#, count: 1_310_720) + "\"").utf8)
        #expect(input.count == 10 * 1024 * 1024 + 2)
        let clock = ContinuousClock()
        var value: JSONValue = .null
        let elapsed = try clock.measure { value = try JSONValue.parse(input) }
        #expect(value.stringValue?.unicodeScalars.count == 2 * 1_310_720)
        #expect(elapsed < .seconds(20))
    }

    @Test func aMillionElementArrayParsesInBoundedTime() throws {
        // Regression: each element once copied the array built so far (quadratic).
        let input = Array(("[" + String(repeating: "0,", count: 999_999) + "0]").utf8)
        let clock = ContinuousClock()
        var value: JSONValue = .null
        let elapsed = try clock.measure { value = try JSONValue.parse(input) }
        #expect(value.arrayValue?.count == 1_000_000)
        #expect(elapsed < .seconds(20))
    }

    @Test func anObjectWithAHundredThousandMembersParsesInBoundedTime() throws {
        let members = (0..<100_000).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        let input = Array("{\(members)}".utf8)
        let clock = ContinuousClock()
        var value: JSONValue = .null
        let elapsed = try clock.measure { value = try JSONValue.parse(input) }
        #expect(value.objectValue?.count == 100_000)
        #expect(value["k99999"] == 99_999)
        #expect(elapsed < .seconds(20))
    }

    @Test func aTenMegabyteUnterminatedStringIsRefused() {
        var input: [UInt8] = [UInt8(ascii: "\"")]
        input += repeatElement(UInt8(ascii: "a"), count: 10 * 1024 * 1024)
        let error = refusal(input)
        #expect(error?.offset == 0)
        #expect(error?.reason == #"a string that never ends (no closing '"')"#)
    }

    /// Strings holding bytes that are not UTF-8, where the error points, and what it shows.
    static let invalidUTF8: [([UInt8], Int, String)] = [
        ([0xC3, 0x28], 1, "0xC3 0x28"),  // a lead byte without its continuation
        ([0x80], 1, "0x80"),  // a continuation byte alone
        ([0xC0, 0xAF], 1, "0xC0"),  // an overlong '/'
        ([0xC1, 0xBF], 1, "0xC1"),  // overlong
        ([0xE0, 0x80, 0xAF], 1, "0xE0 0x80"),  // overlong, three bytes
        ([0xF0, 0x80, 0x80, 0xAF], 1, "0xF0 0x80"),  // overlong, four bytes
        ([0xED, 0xA0, 0x80], 1, "0xED 0xA0"),  // an encoded surrogate (U+D800)
        ([0xF4, 0x90, 0x80, 0x80], 1, "0xF4 0x90"),  // above U+10FFFF
        ([0xF5, 0x80, 0x80, 0x80], 1, "0xF5"),
        ([0xFF], 1, "0xFF"),
        ([0x61, 0xE2, 0x82], 2, "0xE2 0x82 0x22"),  // truncated by the closing quote
        ([0xF0, 0x9F, 0x98, 0x41], 1, "0xF0 0x9F 0x98 0x41"),
    ]

    @Test(arguments: invalidUTF8)
    func invalidUTF8InAStringIsRefused(content: [UInt8], offset: Int, shown: String) {
        let error = refusal([UInt8(ascii: "\"")] + content + [UInt8(ascii: "\"")])
        #expect(error?.code == .invalidText)
        #expect(error?.description == "invalid JSON at byte \(offset): bytes that are not UTF-8 in a string (\(shown)) (send text as UTF-8)")
    }

    @Test func invalidUTF8AtTheEndOfTheInputIsRefused() {
        #expect(refusal([UInt8(ascii: "\""), 0xE2])?.reason == "bytes that are not UTF-8 in a string (0xE2)")
        #expect(refusal([UInt8(ascii: "\""), 0xE2, 0x82])?.reason == "bytes that are not UTF-8 in a string (0xE2 0x82)")
    }

    @Test func bytesOutsideStringsMustBeJSONSyntax() {
        #expect(refusal([0xC3, 0xA9])?.reason == "expected a value, found byte 0xC3")
        #expect(refusal([UInt8(ascii: "["), 0xFF, UInt8(ascii: "]")])?.offset == 1)
    }

    @Test func validUTF8OfEveryLengthIsAccepted() throws {
        let text = "a\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}é€😀"
        #expect(try JSONValue.parse(Array("\"\(text)\"".utf8)).stringValue == text)
    }

    private func refusal(_ text: String, maxDepth: Int = 32) -> ControlProtocolError? {
        refusal(Array(text.utf8), maxDepth: maxDepth)
    }

    private func refusal(_ bytes: [UInt8], maxDepth: Int = 32) -> ControlProtocolError? {
        do {
            let value = try JSONValue.parse(bytes, maxDepth: maxDepth)
            Issue.record("accepted \(bytes.count) bytes as \(value.serialized.prefix(80))")
            return nil
        } catch {
            return error
        }
    }
}
