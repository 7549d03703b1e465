import Procfile
import Testing

/// Parses `text` and returns `[key: value]` pairs in order, for compact expectations.
private func pairs(_ text: String) throws -> [[String]] {
    try DotEnvParser.parse(text).map { [$0.key, $0.value] }
}

@Suite(".env parsing")
struct DotEnvParserTests {
    @Test func parsesAssignmentsInFileOrderWithLines() throws {
        let entries = try DotEnvParser.parse("A=1\n\nB=two\n")
        #expect(entries == [
            DotEnvEntry(key: "A", value: "1", line: 1, column: 3),
            DotEnvEntry(key: "B", value: "two", line: 3, column: 3),
        ])
    }

    @Test(arguments: [
        ("KEY=value", "value"),
        ("KEY = value", "value"),
        ("KEY\t=\tvalue", "value"),
        ("  KEY=value  ", "value"),
        ("export KEY=value", "value"),
        ("export\tKEY = value", "value"),
        ("KEY=a=b", "a=b"),
        ("KEY=with inner  spaces", "with inner  spaces"),
        ("KEY=", ""),
        ("KEY=   ", ""),
        ("KEY=\"\"", ""),
        ("KEY=''", ""),
        ("KEY=a#b", "a#b"),
        ("KEY=#notacomment", "#notacomment"),
        ("KEY=value # comment", "value"),
        ("KEY=value\t# comment", "value"),
        ("KEY= # only a comment", ""),
        ("KEY=C:\\path\\to", "C:\\path\\to"),
    ])
    func parsesValue(line: String, value: String) throws {
        #expect(try pairs(line) == [["KEY", value]])
    }

    @Test(arguments: ["A", "_", "a_b", "A1", "app.name", "_X.Y_2", "export"])
    func acceptsKeys(key: String) throws {
        #expect(try pairs("\(key)=1") == [[key, "1"]])
    }

    @Test func exportAloneBeforeEqualsIsTheKey() throws {
        #expect(try pairs("export = 1") == [["export", "1"]])
    }

    @Test func singleQuotesAreLiteral() throws {
        let entries = try DotEnvParser.parse(#"KEY='a \n $HOME ${X} "b" #c'"#, environment: ["HOME": "/h", "X": "x"])
        #expect(entries.map(\.value) == [#"a \n $HOME ${X} "b" #c"#])
    }

    @Test func doubleQuotesUnderstandEscapes() throws {
        let entries = try DotEnvParser.parse(#"KEY="a\nb\tc\rd\"e\\f\$g""#)
        #expect(entries.map(\.value) == ["a\nb\tc\rd\"e\\f$g"])
    }

    @Test(arguments: [(#"KEY="\a\q""#, #"\a\q"#), (#"KEY="\'x""#, #"\'x"#)])
    func unknownEscapesKeepTheBackslash(line: String, value: String) throws {
        #expect(try pairs(line) == [["KEY", value]])
    }

    @Test func quotedValuesKeepHashAndSurroundingSpaces() throws {
        #expect(try pairs(#"KEY="  a # b  ""#) == [["KEY", "  a # b  "]])
        #expect(try pairs("KEY='  a # b  '") == [["KEY", "  a # b  "]])
    }

    @Test(arguments: [#"KEY="v" # comment"#, #"KEY="v"   "#, ##"KEY="v"#comment"##, "KEY='v'\t# c"])
    func commentsAndBlanksAfterClosingQuote(line: String) throws {
        #expect(try pairs(line) == [["KEY", "v"]])
    }

    @Test func multiLineQuotedValues() throws {
        let text = "A=\"line 1\nline 2\n  line 3\"\nB='x\ny'\nC=after\n"
        #expect(try DotEnvParser.parse(text) == [
            DotEnvEntry(key: "A", value: "line 1\nline 2\n  line 3", line: 1, column: 3),
            DotEnvEntry(key: "B", value: "x\ny", line: 4, column: 3),
            DotEnvEntry(key: "C", value: "after", line: 6, column: 3),
        ])
    }

    @Test func multiLineValueWithCRLFGetsLF() throws {
        #expect(try pairs("A=\"one\r\ntwo\"\r\nB=3\r\n") == [["A", "one\ntwo"], ["B", "3"]])
    }

    @Test func ignoresCommentsAndBlankLines() throws {
        let text = "# comment\n\n   # indented\n\t\nA=1\n#B=2\n"
        #expect(try DotEnvParser.parse(text) == [DotEnvEntry(key: "A", value: "1", line: 5, column: 3)])
    }

    @Test func acceptsCRLFAndFinalLineWithoutNewline() throws {
        #expect(try DotEnvParser.parse("A=1\r\n\r\nB=two words \r\nC=\"3\"") == [
            DotEnvEntry(key: "A", value: "1", line: 1, column: 3),
            DotEnvEntry(key: "B", value: "two words", line: 3, column: 3),
            DotEnvEntry(key: "C", value: "3", line: 4, column: 3),
        ])
    }

    @Test func keyDefinedTwiceGivesBothEntries() throws {
        #expect(try DotEnvParser.parse("A=1\nA=2\n") == [
            DotEnvEntry(key: "A", value: "1", line: 1, column: 3),
            DotEnvEntry(key: "A", value: "2", line: 2, column: 3),
        ])
    }

    @Test func emptyFileHasNoEntries() throws {
        #expect(try DotEnvParser.parse("").isEmpty)
        #expect(try DotEnvParser.parse("# nothing\n\n").isEmpty)
    }
}
