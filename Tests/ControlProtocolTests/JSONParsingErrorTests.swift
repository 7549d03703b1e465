import ControlProtocol
import Testing

@Suite struct JSONParsingErrorTests {
    /// Input, then the error's code, offset and message.
    static let cases: [(String, ControlProtocolError.Code, Int, String)] = [
        ("", .syntax, 0, "expected a value, found the end of the input (write JSON as RFC 8259 defines it)"),
        ("  ", .syntax, 2, "expected a value, found the end of the input (write JSON as RFC 8259 defines it)"),
        (#"{"a":1} x"#, .syntax, 8, "unexpected 'x' after the value (send one JSON value per line)"),
        ("[] []", .syntax, 3, "unexpected '[' after the value (send one JSON value per line)"),
        ("[1,]", .syntax, 3, "expected a value, found ']' (a value is a string in double quotes, a number, true, false, null, an array or an object)"),
        ("[1 2]", .syntax, 3, "expected ',' or ']' after an element, found '2' (write JSON as RFC 8259 defines it)"),
        ("[1", .syntax, 2, "expected ',' or ']' after an element, found the end of the input (write JSON as RFC 8259 defines it)"),
        (#"{"a":1,}"#, .syntax, 7, #"expected a key in double quotes after ',', found '}' (write JSON as RFC 8259 defines it)"#),
        ("{a:1}", .syntax, 1, "expected a key in double quotes or '}', found 'a' (write JSON as RFC 8259 defines it)"),
        (#"{"a" 1}"#, .syntax, 5, #"expected ':' after the key "a", found '1' (write JSON as RFC 8259 defines it)"#),
        (#"{"a":1 "b":2}"#, .syntax, 7, #"expected ',' or '}' after a member, found '"' (write JSON as RFC 8259 defines it)"#),
        (#"{"a":1,"a":2}"#, .duplicateKey, 7, #"duplicate key "a" (name each key once in an object)"#),
        (#"{"x":{"k\n":1,"k\n":2}}"#, .duplicateKey, 14, #"duplicate key "k\n" (name each key once in an object)"#),
        (#""abc"#, .syntax, 0, #"a string that never ends (no closing '"') (write JSON as RFC 8259 defines it)"#),
        ("\"a\u{1}\"", .syntax, 2, #"a control character (U+0001) in a string (escape it as \u0001)"#),
        ("\"a\nb\"", .syntax, 2, #"a control character (U+000A) in a string (escape it as \n)"#),
        ("\"\t\"", .syntax, 1, #"a control character (U+0009) in a string (escape it as \t)"#),
        (#""\x""#, .syntax, 1, #"unknown escape: a backslash followed by 'x' (escape only with \" \\ \/ \b \f \n \r \t or \uXXXX)"#),
        ("\"\\\n\"", .syntax, 1, #"unknown escape: a backslash followed by byte 0x0A (escape only with \" \\ \/ \b \f \n \r \t or \uXXXX)"#),
        (#""\u12""#, .syntax, 1, #"'\u' needs four hex digits (write e.g. \u00e9)"#),
        (#""\u12g4""#, .syntax, 1, #"'\u' needs four hex digits (write e.g. \u00e9)"#),
        (#""\ud800""#, .invalidText, 1, #"a lone high surrogate \uD800 (not followed by a low one, \uDC00-\uDFFF) (escape a character above U+FFFF as a surrogate pair, or send it as UTF-8)"#),
        (#""x\ud83d\u0041""#, .invalidText, 2, #"a lone high surrogate \uD83D (not followed by a low one, \uDC00-\uDFFF) (escape a character above U+FFFF as a surrogate pair, or send it as UTF-8)"#),
        (#""\ud83d\ud83d""#, .invalidText, 1, #"a lone high surrogate \uD83D (not followed by a low one, \uDC00-\uDFFF) (escape a character above U+FFFF as a surrogate pair, or send it as UTF-8)"#),
        (#""\udc00""#, .invalidText, 1, #"a lone low surrogate \uDC00 (not preceded by a high one, \uD800-\uDBFF) (escape a character above U+FFFF as a surrogate pair, or send it as UTF-8)"#),
        (#""\ud83d\u12""#, .syntax, 7, #"'\u' needs four hex digits (write e.g. \u00e9)"#),
        ("01", .syntax, 0, "a number with a leading zero (write 7, not 07)"),
        ("[-00]", .syntax, 1, "a number with a leading zero (write 7, not 07)"),
        ("1.", .syntax, 2, "expected a digit after '.', found the end of the input (write JSON as RFC 8259 defines it)"),
        ("1.e5", .syntax, 2, "expected a digit after '.', found 'e' (write JSON as RFC 8259 defines it)"),
        (".5", .syntax, 0, "expected a value, found '.' (a value is a string in double quotes, a number, true, false, null, an array or an object)"),
        ("1e", .syntax, 2, "expected a digit in the exponent, found the end of the input (write JSON as RFC 8259 defines it)"),
        ("1e+", .syntax, 3, "expected a digit in the exponent, found the end of the input (write JSON as RFC 8259 defines it)"),
        ("-", .syntax, 1, "expected a digit after '-', found the end of the input (write JSON as RFC 8259 defines it)"),
        ("+1", .syntax, 0, "expected a value, found '+' (a value is a string in double quotes, a number, true, false, null, an array or an object)"),
        ("0x10", .syntax, 1, "unexpected 'x' after the value (send one JSON value per line)"),
        ("NaN", .numberOutOfRange, 0, "NaN and Infinity are not JSON numbers (send a finite number, or null)"),
        ("[Infinity]", .numberOutOfRange, 1, "NaN and Infinity are not JSON numbers (send a finite number, or null)"),
        ("-Infinity", .numberOutOfRange, 0, "NaN and Infinity are not JSON numbers (send a finite number, or null)"),
        ("1e309", .numberOutOfRange, 0, "the number 1e309 is beyond ±1.8e308 (send a number a 64-bit double can hold)"),
        ("[-2e400]", .numberOutOfRange, 1, "the number -2e400 is beyond ±1.8e308 (send a number a 64-bit double can hold)"),
        ("1" + String(repeating: "0", count: 400), .numberOutOfRange, 0,
         "the number 1000000000000000000000000000000000000000… is beyond ±1.8e308 (send a number a 64-bit double can hold)"),
        ("tru", .syntax, 0, "expected a value, found 't' (a value is a string in double quotes, a number, true, false, null, an array or an object)"),
        ("True", .syntax, 0, "expected a value, found 'T' (a value is a string in double quotes, a number, true, false, null, an array or an object)"),
        ("nulll", .syntax, 4, "unexpected 'l' after the value (send one JSON value per line)"),
        ("\u{FEFF}{}", .syntax, 0, "expected a value, found byte 0xEF (a value is a string in double quotes, a number, true, false, null, an array or an object)"),
        ("'a'", .syntax, 0, "expected a value, found ''' (a value is a string in double quotes, a number, true, false, null, an array or an object)"),
    ]

    @Test(arguments: cases)
    func refusesWithOffsetAndMessage(json: String, code: ControlProtocolError.Code, offset: Int, message: String) {
        do {
            let value = try JSONValue.parse(json)
            Issue.record("accepted \(String(reflecting: json)) as \(value)")
        } catch {
            #expect(error.code == code)
            #expect(error.offset == offset)
            #expect(error.field == nil)
            #expect(error.description == "invalid JSON at byte \(offset): \(message)")
        }
    }

    @Test func aLongDuplicateKeyIsShortenedInTheMessage() {
        let key = String(repeating: "k", count: 100)
        #expect {
            try JSONValue.parse(#"{"\#(key)":1,"\#(key)":2}"#)
        } throws: { error in
            (error as? ControlProtocolError)?.reason == #"duplicate key "\#(String(repeating: "k", count: 40))"…"#
        }
    }
}
