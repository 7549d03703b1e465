import ControlProtocol
import Testing

@Suite struct JSONParsingTests {
    @Test func readsEveryKindOfValue() throws {
        let value = try JSONValue.parse(#" {"n":null,"t":true,"f":false,"x":-1.5,"s":"hi","a":[1,[],{}],"o":{"k":"v"}} "#)
        let expected: JSONValue = [
            "n": nil, "t": true, "f": false, "x": -1.5, "s": "hi", "a": [1, [], [:]], "o": ["k": "v"],
        ]
        #expect(value == expected)
    }

    @Test func keepsTheOrderOfMembers() throws {
        let value = try JSONValue.parse(#"{"zeta":1,"alpha":2,"mid":3}"#)
        #expect(value.objectValue?.map(\.0) == ["zeta", "alpha", "mid"])
        #expect(value != ["alpha": 2, "zeta": 1, "mid": 3])
    }

    @Test func readsScalarsAtTheTopLevel() throws {
        #expect(try JSONValue.parse("null") == .null)
        #expect(try JSONValue.parse(" 42 ") == 42)
        #expect(try JSONValue.parse(#""x""#) == "x")
    }

    @Test func acceptsTheFourWhitespaceCharactersOnly() throws {
        #expect(try JSONValue.parse(" \t\r\n[ 1 ,\n2 ]\r\n") == [1, 2])
        #expect(throws: ControlProtocolError.self) { try JSONValue.parse("\u{0C}[]") }
        #expect(throws: ControlProtocolError.self) { try JSONValue.parse("[]\u{0B}") }
    }

    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u00e9\u00E9""#, "éé"),
        (#""\u0000""#, "\u{0}"),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD83D\uDE00x""#, "😀x"),
        (#""a\u20acb""#, "a€b"),
        (#""\uffff""#, "\u{FFFF}"),
        ("\"caf\u{E9} 😀 \u{7F}\"", "café 😀 \u{7F}"),
    ])
    func decodesEscapesAndUTF8(json: String, expected: String) throws {
        #expect(try JSONValue.parse(json).stringValue == expected)
    }

    @Test func comparesStringsByScalarsNotByCanonicalEquivalence() throws {
        let composed = try JSONValue.parse(#""\u00e9""#)
        let decomposed = try JSONValue.parse(#""e\u0301""#)
        #expect(composed != decomposed)
        // Two spellings of one name under canonical equivalence are two keys for JSON.
        let object = try JSONValue.parse(#"{"\u00e9":1,"e\u0301":2}"#)
        #expect(object.objectValue?.count == 2)
        #expect(object["\u{E9}"] == 1)
        #expect(object["e\u{301}"] == 2)
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("1", 1), ("-12", -12), ("1.5", 1.5), ("1E+2", 100), ("1e-2", 0.01),
        ("2.5e-3", 0.0025), ("1e308", 1e308), ("-1.7976931348623157e308", -Double.greatestFiniteMagnitude),
        ("5e-324", 5e-324), ("1e-400", 0), ("9007199254740993", 9_007_199_254_740_992),
        ("123456789012345678901234567890", 1.2345678901234568e29),
    ])
    func readsNumbers(json: String, expected: Double) throws {
        let number = try #require(try JSONValue.parse(json).doubleValue)
        #expect(number == expected)
        #expect(number.sign == expected.sign)
    }

    @Test func intValueIsForExactIntegersOnly() throws {
        #expect(try JSONValue.parse("3").intValue == 3)
        #expect(try JSONValue.parse("3.0").intValue == 3)
        #expect(try JSONValue.parse("-0").intValue == 0)
        #expect(try JSONValue.parse("3.5").intValue == nil)
        #expect(try JSONValue.parse("1e20").intValue == nil)
        #expect(try JSONValue.parse("-9223372036854775808").intValue == Int.min)
        #expect(try JSONValue.parse("9223372036854775807").intValue == nil)  // 2^63 as a Double
        #expect(try JSONValue.parse(#""3""#).intValue == nil)
    }

    @Test func accessorsAnswerNilForOtherKinds() throws {
        let value = try JSONValue.parse(#"{"a":[true],"b":"x","a2":null}"#)
        #expect(value["a"]?.arrayValue == [true])
        #expect(value["a"]?.arrayValue?.first?.boolValue == true)
        #expect(value["b"]?.stringValue == "x")
        #expect(value["a2"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["b"]?["x"] == nil)
        #expect(value["b"]?.boolValue == nil)
        #expect(value.stringValue == nil)
        #expect(value.arrayValue == nil)
    }

    @Test func readsFromAnyCollectionOfBytes() throws {
        let text = #"{"command":"status"}"#
        let expected: JSONValue = ["command": "status"]
        #expect(try JSONValue.parse(Array(text.utf8)) == expected)
        #expect(try JSONValue.parse(Array(text.utf8)[...]) == expected)
        #expect(try JSONValue.parse(text.utf8.reversed().reversed()) == expected)
        #expect(try JSONValue.parse(Substring(text).utf8) == expected)
    }
}
