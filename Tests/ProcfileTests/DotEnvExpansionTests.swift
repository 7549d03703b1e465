import Procfile
import Testing

/// The values parsed from `text`, in order.
private func values(
    _ text: String, environment: [String: String] = [:], inherited: [String: String] = [:]
) throws -> [String] {
    try DotEnvParser.parse(text, environment: environment, inherited: inherited).map(\.value)
}

@Suite(".env expansion")
struct DotEnvExpansionTests {
    @Test func processEnvironmentBeatsTheFile() throws {
        #expect(try values("A=file\nB=$A", environment: ["A": "process"]) == ["file", "process"])
    }

    @Test func earlierKeyInSameFileBeatsInherited() throws {
        #expect(try values("A=mine\nB=${A}", inherited: ["A": "earlier file"]) == ["mine", "mine"])
    }

    @Test func latestEarlierDefinitionIsUsed() throws {
        #expect(try values("A=1\nA=2\nB=$A") == ["1", "2", "2"])
    }

    @Test func laterKeyInSameFileIsNotVisible() throws {
        #expect(try values("B=[$A]\nA=1", inherited: ["A": "inherited"]) == ["[inherited]", "1"])
    }

    @Test func inheritedIsUsedWhenNothingElseDefinesIt() throws {
        #expect(try values("B=$A/bin", inherited: ["A": "/opt"]) == ["/opt/bin"])
    }

    @Test func missingVariableExpandsToEmpty() throws {
        #expect(try values("B=[$MISSING][${MISSING}]") == ["[][]"])
    }

    @Test func selfReferenceUsesProcessEnvironment() throws {
        #expect(try values("PATH=$PATH:/extra", environment: ["PATH": "/usr/bin"]) == ["/usr/bin:/extra"])
    }

    @Test(arguments: [
        ("V=$A", "x"),
        ("V=${A}", "x"),
        ("V=\"$A\"", "x"),
        ("V=\"${A}y\"", "xy"),
        ("V=$Ay", ""),
        ("V=$A.y", "x.y"),
        ("V=${A.B}", "dotted"),
        ("V=$A-$A", "x-x"),
        ("V=pre${A}post", "prexpost"),
        ("V='$A'", "$A"),
        ("V='${A}'", "${A}"),
        ("V=\"\\$A\"", "$A"),
        ("V=\\$A", "$A"),
        ("V=\"\\\\$A\"", "\\x"),
        ("V=$", "$"),
        ("V=a $ b", "a $ b"),
        ("V=$1", "$1"),
        ("V=\"cost: 5$\"", "cost: 5$"),
        ("V=$A # comment $A", "x"),
    ])
    func expansionForms(line: String, value: String) throws {
        #expect(try values(line, environment: ["A": "x", "A.B": "dotted"]) == [value])
    }

    @Test(arguments: [
        ("V=${UNSET:-fallback}", "fallback"),
        ("V=${EMPTY:-fallback}", "fallback"),
        ("V=${A:-fallback}", "x"),
        ("V=\"${UNSET:-two words}\"", "two words"),
        ("V=${UNSET:-}", ""),
        ("V=${UNSET:-${A}/dir}", "x/dir"),
        ("V=${UNSET:-${ALSO_UNSET:-deep}}", "deep"),
    ])
    func defaultValues(line: String, value: String) throws {
        #expect(try values(line, environment: ["A": "x", "EMPTY": ""]) == [value])
    }

    @Test func expandsInsideMultiLineDoubleQuotes() throws {
        #expect(try values("A=1\nB=\"first $A\nsecond ${A}\"") == ["1", "first 1\nsecond 1"])
    }

    @Test func expandedValuesAreNotReExpanded() throws {
        #expect(try values("A='$B'\nC=$A", environment: ["B": "no"]) == ["$B", "$B"])
    }
}
