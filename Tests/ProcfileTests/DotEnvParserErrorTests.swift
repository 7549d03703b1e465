import Procfile
import Testing

@Suite(".env errors")
struct DotEnvParserErrorTests {
    @Test func lineWithoutEqualsIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse("A=1\n  JUST_A_WORD\n") }
        #expect(found == Diagnostic(
            code: .invalidLine, file: ".env", line: 2, column: 3,
            message: "this line is not a 'KEY=value' assignment (it has no '='); add '=' after the key, "
                + "comment the line out with '#', or, if it continues a value, quote that whole value"))
    }

    @Test func exportWithoutAssignmentIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse(" export FOO\n") }
        #expect(found?.code == .invalidLine)
        #expect(found?.column == 2)
        #expect(found?.message.hasPrefix("this line is not a 'KEY=value' assignment") == true)
    }

    @Test(arguments: [
        ("1ABC=x", 1, "invalid key: a key must start with a letter or '_', not a digit; rename it, or, if this line continues a value, quote that whole value"),
        ("A-B=x", 2, "invalid key: a punctuation character is not allowed in a key; use only letters, digits, '_' and '.', or, if this line continues a value, quote that whole value"),
        ("  MY KEY=x", 5, "invalid key: a space is not allowed in a key; use only letters, digits, '_' and '.', or, if this line continues a value, quote that whole value"),
        ("export .A=x", 8, "invalid key: a key must start with a letter or '_', not a punctuation character; rename it, or, if this line continues a value, quote that whole value"),
        ("KÉY=x", 2, "invalid key: a non-ASCII character is not allowed in a key; use only letters, digits, '_' and '.', or, if this line continues a value, quote that whole value"),
        ("=x", 1, "missing key before '='; write the line as 'KEY=value'"),
        ("  = x", 3, "missing key before '='; write the line as 'KEY=value'"),
    ])
    func invalidKeys(line: String, column: Int, message: String) {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse("OK=1\n" + line) }
        #expect(found == Diagnostic(code: .invalidKey, file: ".env", line: 2, column: column, message: message))
    }

    @Test func unterminatedDoubleQuotePointsAtOpeningQuote() {
        let found = diagnostic { () throws(ProcfileError) in
            try DotEnvParser.parse("A=1\nB = \"start\nmore\nC=3\n", file: ".env.local")
        }
        #expect(found == Diagnostic(
            code: .unterminatedQuote, file: ".env.local", line: 2, column: 5,
            message: "unterminated double quote in the value of 'B'; add the closing \" "
                + "(quoted values may span lines, so everything after it was read as the value)"))
    }

    @Test func unterminatedSingleQuotePointsAtOpeningQuote() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse("A='abc") }
        #expect(found?.code == .unterminatedQuote)
        #expect(found?.line == 1)
        #expect(found?.column == 3)
        #expect(found?.message.contains("single quote in the value of 'A'") == true)
    }

    @Test func escapedClosingQuoteLeavesQuoteUnterminated() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse(#"A="abc\""#) }
        #expect(found?.code == .unterminatedQuote)
        #expect(found?.column == 3)
    }

    @Test(arguments: [(#"A="v" extra"#, 7), ("A='v'x", 6), (#"A="v"  "w""#, 8)])
    func textAfterClosingQuoteIsAnError(line: String, column: Int) {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse(line) }
        #expect(found == Diagnostic(
            code: .trailingCharacters, file: ".env", line: 1, column: column,
            message: "unexpected text after the closing quote of 'A'; "
                + "put the whole value inside the quotes or start a comment with ' #'"))
    }

    @Test func trailingTextAfterMultiLineValueReportsItsLine() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse("A=\"x\ny\" z\n") }
        #expect(found?.code == .trailingCharacters)
        #expect(found?.line == 2)
        #expect(found?.column == 4)
    }

    static let invalidReference = "invalid variable reference in the value of 'A'; use '${NAME}' or '${NAME:-default}' "
        + "with NAME made of letters, digits, '_' and '.', or write a literal '$' as '\\$' (or use single quotes)"

    @Test(arguments: [
        ("A=${B", 3, "unterminated '${' in the value of 'A'; close it with '}' or write a literal '$' as '\\$' (or use single quotes)"),
        ("A=x${}", 4, Self.invalidReference),
        ("A=\"${1X}\"", 4, Self.invalidReference),
        ("A=${B C}", 3, Self.invalidReference),
    ])
    func malformedReferences(line: String, column: Int, message: String) {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse(line) }
        #expect(found == Diagnostic(code: .invalidReference, file: ".env", line: 1, column: column, message: message))
    }

    @Test func reportsEveryProblemInTheFile() {
        let text = "GOOD=1\r\nno equals\r\n9BAD=x\r\nQ=\"a\" b\r\nR=${\r\nALSO_GOOD=2\r\nU='open\r\n"
        let found = diagnostics { () throws(ProcfileError) in try DotEnvParser.parse(text) }
        #expect(found.map(\.code) == [.invalidLine, .invalidKey, .trailingCharacters, .invalidReference, .unterminatedQuote])
        #expect(found.map(\.line) == [2, 3, 4, 5, 7])
        #expect(found.map(\.column) == [1, 1, 7, 3, 3])
    }

    /// Found while fuzzing (Fuzz/dotenv): every nested default copied the rest of the value and
    /// recursed, so `V=${U:-${U:-...x}}` 5000 levels deep (30 KB) took 1.8 GB and 2 s, and a
    /// larger file was killed for memory or overflowed the stack. Nesting is now limited.
    @Test(arguments: [33, 2_000])
    func deeplyNestedDefaultsAreRefused(levels: Int) {
        let text = "V=" + String(repeating: "${U:-", count: levels) + "x" + String(repeating: "}", count: levels)
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse(text) }
        #expect(found == Diagnostic(
            code: .invalidReference, file: ".env", line: 1, column: 3 + 32 * 5,
            message: "'${NAME:-default}' nested deeper than 32 levels in the value of 'V'; simplify the default"))
    }

    @Test func defaultsNestedUpToTheLimitExpand() throws {
        let text = "V=" + String(repeating: "${U:-", count: 32) + "deep" + String(repeating: "}", count: 32)
        #expect(try DotEnvParser.parse(text).map(\.value) == ["deep"])
        let set = "V=" + String(repeating: "${A:-", count: 100) + "x" + String(repeating: "}", count: 100)
        #expect(try DotEnvParser.parse(set, environment: ["A": "a"]).map(\.value) == ["a"])
    }

    @Test func invalidKeyWithMultiLineValueDoesNotReportItsContinuationLines() {
        let found = diagnostics { () throws(ProcfileError) in try DotEnvParser.parse("BAD-KEY=\"a\nnot a statement\"\nOK=1\n") }
        #expect(found.map(\.code) == [.invalidKey])
    }
}
