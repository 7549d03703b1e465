import Procfile
import Testing

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test func descriptionIsFileLineColumnMessage() {
        let diagnostic = Diagnostic(code: .invalidKey, file: ".env", line: 3, column: 7, message: "bad key")
        #expect(diagnostic.description == ".env:3:7: bad key")
    }

    @Test func errorDescriptionJoinsDiagnosticsByNewline() {
        let error = ProcfileError(diagnostics: [
            Diagnostic(code: .invalidLine, file: "Procfile", line: 1, column: 1, message: "one"),
            Diagnostic(code: .emptyCommand, file: "Procfile", line: 2, column: 5, message: "two"),
        ])
        #expect(error.description == "Procfile:1:1: one\nProcfile:2:5: two")
    }

    @Test func codesDescribeThemselves() {
        #expect(Diagnostic.Code.duplicateName.description == "duplicate-name")
        #expect(Diagnostic.Code.unknownProcessType == Diagnostic.Code("unknown-process-type"))
        #expect(Diagnostic.Code.invalidCount != Diagnostic.Code.invalidFormation)
    }
}
