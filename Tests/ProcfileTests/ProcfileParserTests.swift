import Procfile
import Testing

@Suite("Procfile parsing")
struct ProcfileParserTests {
    @Test func parsesTypesInFileOrder() throws {
        let procfile = try ProcfileParser.parse("web: bundle exec puma\nworker: ./work --queue=default\n")
        #expect(procfile.processTypes == [
            ProcessType(name: "web", command: "bundle exec puma", line: 1),
            ProcessType(name: "worker", command: "./work --queue=default", line: 2),
        ])
        #expect(procfile.names == ["web", "worker"])
    }

    @Test func looksUpByName() throws {
        let procfile = try ProcfileParser.parse("web: a\nworker: b\n")
        #expect(procfile.processType(named: "worker") == ProcessType(name: "worker", command: "b", line: 2))
        #expect(procfile.processType(named: "clock") == nil)
    }

    @Test(arguments: [
        ("web: ./server", "./server"),
        ("web:./server", "./server"),
        ("  web  :\t./server  \t", "./server"),
        ("\tweb:\t\t./server -p $PORT", "./server -p $PORT"),
    ])
    func trimsWhitespaceAroundNameAndCommand(line: String, command: String) throws {
        let procfile = try ProcfileParser.parse(line)
        #expect(procfile.processTypes == [ProcessType(name: "web", command: command, line: 1)])
    }

    @Test(arguments: ["web", "Web_2", "a-b", "0", "WORKER-high_prio"])
    func acceptsNameCharacters(name: String) throws {
        let procfile = try ProcfileParser.parse("\(name): run")
        #expect(procfile.names == [name])
    }

    @Test func keepsCommandVerbatimIncludingHashAndColons() throws {
        let procfile = try ProcfileParser.parse("web: echo 'a # b' && sh -c \"x:y\" # not a comment\n")
        #expect(procfile.processTypes[0].command == "echo 'a # b' && sh -c \"x:y\" # not a comment")
    }

    @Test func ignoresCommentsAndBlankLines() throws {
        let text = "# main app\n\n   # indented comment\n\t\nweb: a\n  \n#worker: b\nclock: c\n"
        let procfile = try ProcfileParser.parse(text)
        #expect(procfile.processTypes == [
            ProcessType(name: "web", command: "a", line: 5),
            ProcessType(name: "clock", command: "c", line: 8),
        ])
    }

    @Test func acceptsCRLFAndFinalLineWithoutNewline() throws {
        let procfile = try ProcfileParser.parse("web: a b\r\n\r\nworker: c\r\nclock: d")
        #expect(procfile.processTypes == [
            ProcessType(name: "web", command: "a b", line: 1),
            ProcessType(name: "worker", command: "c", line: 3),
            ProcessType(name: "clock", command: "d", line: 4),
        ])
    }

    @Test func ignoresByteOrderMark() throws {
        let procfile = try ProcfileParser.parse("\u{FEFF}web: a\n")
        #expect(procfile.names == ["web"])
    }
}
