import Procfile
import Testing

@Suite(".env errors")
struct DotEnvParserErrorTests {
    @Test func lineWithoutEqualsIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse("A=1\n  JUST_A_WORD\n") }
        #expect(found == Diagnostic(
            code: .invalidLine, file: ".env", line: 2, column: 3,
            message: "expected 'KEY=value' but found 'JUST_A_WORD'; add '=' after the key or comment the line out with '#'"))
    }

    @Test func exportWithoutAssignmentIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse(" export FOO\n") }
        #expect(found?.code == .invalidLine)
        #expect(found?.column == 2)
        #expect(found?.message.contains("found 'export FOO'") == true)
    }

    @Test(arguments: [
        ("1ABC=x", 1, "invalid key '1ABC': a key must start with a letter or '_', not '1'; rename it"),
        ("A-B=x", 2, "invalid key 'A-B': '-' is not allowed in a key; use only letters, digits, '_' and '.'"),
        ("  MY KEY=x", 5, "invalid key 'MY KEY': a space is not allowed in a key; use only letters, digits, '_' and '.'"),
        ("export .A=x", 8, "invalid key '.A': a key must start with a letter or '_', not '.'; rename it"),
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

    @Test(arguments: [(#"A="v" extra"#, 7, "extra"), ("A='v'x", 6, "x"), (#"A="v"  "w""#, 8, "\"w\"")])
    func textAfterClosingQuoteIsAnError(line: String, column: Int, text: String) {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse(line) }
        #expect(found == Diagnostic(
            code: .trailingCharacters, file: ".env", line: 1, column: column,
            message: "unexpected '\(text)' after the closing quote of 'A'; "
                + "put the whole value inside the quotes or start a comment with ' #'"))
    }

    @Test func trailingTextAfterMultiLineValueReportsItsLine() {
        let found = diagnostic { () throws(ProcfileError) in try DotEnvParser.parse("A=\"x\ny\" z\n") }
        #expect(found?.code == .trailingCharacters)
        #expect(found?.line == 2)
        #expect(found?.column == 4)
    }

    @Test(arguments: [
        ("A=${B", 3, "unterminated '${' in the value of 'A'; close it with '}' or write a literal '$' as '\\$' (or use single quotes)"),
        ("A=x${}", 4, "invalid variable reference '${}' in the value of 'A'; use '${NAME}' or '${NAME:-default}' with NAME made of letters, digits, '_' and '.'"),
        ("A=\"${1X}\"", 4, "invalid variable reference '${1X}' in the value of 'A'; use '${NAME}' or '${NAME:-default}' with NAME made of letters, digits, '_' and '.'"),
        ("A=${B C}", 3, "invalid variable reference '${B C}' in the value of 'A'; use '${NAME}' or '${NAME:-default}' with NAME made of letters, digits, '_' and '.'"),
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
