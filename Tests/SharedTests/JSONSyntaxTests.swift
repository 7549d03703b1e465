import Shared
import Testing

@Suite("JSONSyntax: where a JSON text first goes wrong")
struct JSONSyntaxTests {
    @Test("valid documents have no problem", arguments: [
        #"{}"#, #"[]"#, #" {"a": [1, -2.5e+3, true, false, null, "x\"\u00e9"]} "#, "\"s\"", "0", "-0.1",
        "{\"TableName\": \"t\", \"nested\": {\"k\": [[], {}]}}",
    ])
    func valid(text: String) {
        #expect(JSONSyntax.firstProblem(in: Array(text.utf8)) == nil)
    }

    @Test("each error is placed at its line and column with what was expected", arguments: [
        ("", 1, 1, "a value"),
        ("{\"a\": 1", 1, 8, "',' or '}'"),
        ("{\n  \"a\": tru\n}", 2, 11, "true"),
        ("{\n\n  \"x\" 1}", 3, 7, "':' after the key"),
        ("[1, 2,]", 1, 7, "a value"),
        ("{\"a\": 01}", 1, 8, "',' or '}'"),
        ("{\"a\": \"\\q\"}", 1, 9, "an escape"),
        ("{\"a\": 1} x", 1, 10, "the end of the document"),
        ("{a: 1}", 1, 2, "a key in double quotes"),
        ("[1.]", 1, 4, "a digit after '.'"),
        ("\"open", 1, 6, "'\"' closing the string"),
    ] as [(String, Int, Int, String)])
    func placed(text: String, line: Int, column: Int, expected: String) {
        let problem = JSONSyntax.firstProblem(in: Array(text.utf8))
        #expect(problem?.line == line)
        #expect(problem?.column == column)
        #expect(problem?.expected.hasPrefix(expected) == true, "\(String(describing: problem))")
    }

    @Test("deep nesting is a problem, not a stack overflow")
    func deep() {
        let text = String(repeating: "[", count: 100_000)
        #expect(JSONSyntax.firstProblem(in: Array(text.utf8))?.expected.contains("512") == true)
    }
}
