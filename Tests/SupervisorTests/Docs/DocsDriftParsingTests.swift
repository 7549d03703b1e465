import Foundation
import Testing

/// The drift tests' parsers on known inputs, so that a parser gone blind cannot pass as docs in sync.
@Suite("Docs drift parsing")
struct DocsDriftParsingTests {
    @Test("help: subcommands and each option's own names, not its help text nor the closing 'See' line")
    func help() {
        let help = """
        USAGE: supervisor probe [--port <port>] <check>

        OPTIONS:
          --port <port>           The instance's port (default: $PORT).
          -f, --follow            Keep printing.
          --interval <interval>   --watch: seconds between checks once the first
                                  succeeded. (default: 10.0)
          --ready-timeout <ready-timeout>
                                  --watch: seconds the first success may take.
          -h, --help              Show help information.

        SUBCOMMANDS:
          start                   Run the formation: each process type as many times as
                                  the formation says.
          export-all              Write it.

          See 'supervisor help <subcommand>' for detailed help.
        """
        #expect(HelpText.longOptions(help) == ["--port", "--follow", "--interval", "--ready-timeout", "--help"])
        #expect(HelpText.subcommands(help) == ["start", "export-all"])
    }

    @Test("variables: reads found (subscripts, getenv, first(of:), a loop's list, FORMATION_ names), writes and comments not")
    func variables() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("docs-drift-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/Sources/app", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try """
        let a = environment["READ_ME"]
        environment["WRITTEN"] = "1"
        // environment["COMMENTED"]
        let b = getenv("GOT")
        let c = environment.first(of: "FIRST", "SECOND")
        for name in [specific, "LOOPED"] {
            guard let value = environment.first(of: name) else { continue }
        }
        let names = [("--restart", "FORMATION_RESTART")]
        let text = "NOT_NEAR_ENVIRONMENT"
        """.write(toFile: root + "/Sources/app/Reader.swift", atomically: true, encoding: .utf8)
        let names = Set(SourceScan.environmentVariables(root: root).map(\.name))
        #expect(names == ["READ_ME", "GOT", "FIRST", "SECOND", "LOOPED", "FORMATION_RESTART"])
    }
}
