import Procfile
import Testing

@Suite("Procfile errors")
struct ProcfileParserErrorTests {
    @Test func lineWithoutColonIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try ProcfileParser.parse("web: a\n  just some text\n") }
        #expect(found == Diagnostic(
            code: .invalidLine, file: "Procfile", line: 2, column: 3,
            message: "expected 'name: command' but found 'just some text'; "
                + "add ':' after the process type name or comment the line out with '#'"))
    }

    @Test func invalidNamePointsAtTheBadCharacter() {
        let found = diagnostic { () throws(ProcfileError) in try ProcfileParser.parse("web: a\nmy web: b\n") }
        #expect(found?.code == .invalidName)
        #expect(found?.line == 2)
        #expect(found?.column == 3)
        #expect(found?.message == "invalid process type name 'my web': a space is not allowed; "
            + "use only letters, digits, '_' and '-'")
    }

    @Test(arguments: [("we.b: a", 3, "'.'"), ("wéb: a", 2, "'é'"), ("  w$: a", 4, "'$'")])
    func invalidNameCharacters(line: String, column: Int, character: String) {
        let found = diagnostic { () throws(ProcfileError) in try ProcfileParser.parse(line) }
        #expect(found?.code == .invalidName)
        #expect(found?.column == column)
        #expect(found?.message.contains("\(character) is not allowed") == true)
    }

    @Test func missingNameIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try ProcfileParser.parse("  : ./run\n") }
        #expect(found == Diagnostic(
            code: .invalidName, file: "Procfile", line: 1, column: 3,
            message: "missing process type name before ':'; write the line as 'name: command'"))
    }

    @Test(arguments: ["web:", "web:   ", "web: \t"])
    func emptyCommandIsAnError(line: String) {
        let found = diagnostic { () throws(ProcfileError) in try ProcfileParser.parse("worker: w\n" + line) }
        #expect(found == Diagnostic(
            code: .emptyCommand, file: "Procfile", line: 2, column: 5,
            message: "process type 'web' has an empty command; add the command to run after ':'"))
    }

    @Test func duplicateNameNamesBothLines() {
        let found = diagnostic { () throws(ProcfileError) in
            try ProcfileParser.parse("# app\nweb: a\nworker: b\n  web: c\n")
        }
        #expect(found == Diagnostic(
            code: .duplicateName, file: "Procfile", line: 4, column: 3,
            message: "duplicate process type 'web' (first defined on line 2); rename one of them"))
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "  \r\n\t\r\n"])
    func emptyProcfileIsAnError(text: String) {
        let found = diagnostic { () throws(ProcfileError) in try ProcfileParser.parse(text, file: "Procfile.dev") }
        #expect(found == Diagnostic(
            code: .noProcessTypes, file: "Procfile.dev", line: 1, column: 1,
            message: "no process types defined; add a line such as 'web: ./server --port $PORT'"))
    }

    @Test func reportsEveryProblemWithFileNameAndLines() {
        let text = "web: a\r\nbad line\r\nx y: b\r\nworker:\r\nweb: c\r\nok: d"
        let found = diagnostics { () throws(ProcfileError) in try ProcfileParser.parse(text, file: "Procfile.dev") }
        #expect(found.map(\.code) == [.invalidLine, .invalidName, .emptyCommand, .duplicateName])
        #expect(found.map(\.line) == [2, 3, 4, 5])
        #expect(found.map(\.column) == [1, 2, 8, 1])
        #expect(found.allSatisfy { $0.file == "Procfile.dev" })
    }

    @Test func invalidLinesDoNotAlsoReportAnEmptyProcfile() {
        let found = diagnostics { () throws(ProcfileError) in try ProcfileParser.parse("nonsense\n") }
        #expect(found.map(\.code) == [.invalidLine])
    }

    @Test func longLinesAreShortenedInMessages() {
        let line = String(repeating: "x", count: 60)
        let found = diagnostic { () throws(ProcfileError) in try ProcfileParser.parse(line) }
        #expect(found?.message.contains("found '\(String(repeating: "x", count: 40))...'") == true)
    }
}
