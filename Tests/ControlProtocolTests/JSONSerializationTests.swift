import ControlProtocol
import Testing

@Suite struct JSONSerializationTests {
    @Test func writesCompactlyInMemberOrder() {
        let value: JSONValue = ["b": [1, true, nil], "a": ["x": "y"], "e": [], "o": [:]]
        #expect(value.serialized == #"{"b":[1,true,null],"a":{"x":"y"},"e":[],"o":{}}"#)
        #expect("\(value)" == value.serialized)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let value = JSONValue.string("q\"b\\s/\n\r\t\u{8}\u{C}\u{0}\u{1}\u{1B}\u{1F} \u{7F}é😀\u{2028}")
        #expect(value.serialized == #""q\"b\\s/\n\r\t\b\f\u0000\u0001\u001b\u001f "# + "\u{7F}é😀\u{2028}\"")
    }

    @Test func escapesKeysLikeStrings() {
        #expect(JSONValue.object([("a\"\n", 1)]).serialized == #"{"a\"\n":1}"#)
    }

    @Test(arguments: [
        (0.0, "0"), (-0.0, "-0"), (42, "42"), (-7, "-7"), (1.5, "1.5"), (0.1, "0.1"), (-2.5e-3, "-0.0025"),
        (1e-7, "1e-07"), (1e18, "1000000000000000000"), (1e22, "1e+22"), (1e308, "1e+308"),
        (5e-324, "5e-324"), (9_007_199_254_740_992, "9007199254740992"),
        (-9_223_372_036_854_775_808, "-9223372036854775808"), (9_223_372_036_854_775_808, "9.223372036854776e+18"),
        (1.2345678901234568e29, "1.2345678901234568e+29"),
        (.infinity, "null"), (-.infinity, "null"), (.nan, "null"),
    ])
    func writesNumbers(number: Double, text: String) {
        #expect(JSONValue.number(number).serialized == text)
    }

    @Test func integersFromCodeAreExact() {
        #expect(JSONValue(Int32.min).serialized == "-2147483648")
        #expect(JSONValue(UInt16.max).serialized == "65535")
        #expect(JSONValue(1 << 53).serialized == "9007199254740992")
    }

    @Test(arguments: [
        "-0", "0", "1e+308", "-1.7976931348623157e+308", "5e-324", "0.1", "123456789", "1.2345678901234568e+29",
        "-9223372036854775808", "9.223372036854776e+18",
    ])
    func numbersReadBackToTheSameText(text: String) throws {
        let value = try JSONValue.parse(text)
        #expect(value.serialized == text)
        #expect(try JSONValue.parse(value.serialized) == value)
    }

    @Test func bigIntegersLoseOnlyWhatADoubleCannotHold() throws {
        #expect(try JSONValue.parse("9007199254740993").serialized == "9007199254740992")
        #expect(try JSONValue.parse("123456789012345678901234567890").serialized == "1.2345678901234568e+29")
        #expect(try JSONValue.parse("1E2").serialized == "100")
        #expect(try JSONValue.parse("2.50").serialized == "2.5")
    }

    @Test func escapedInputIsWrittenInTheShortestForm() throws {
        let value = try JSONValue.parse(#"["\u0041\/\ud83d\ude00\u00E9\u001F"]"#)
        #expect(value.serialized == "[\"A/😀é\\u001f\"]")
    }
}
