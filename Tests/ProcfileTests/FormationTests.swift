import Procfile
import Testing

private let known = ["web", "worker", "clock"]

@Suite("Formation")
struct FormationTests {
    @Test func specificCounts() throws {
        let formation = try Formation.parse("web=2,worker=0", knownTypes: known)
        #expect(formation.count(for: "web") == 2)
        #expect(formation.count(for: "worker") == 0)
        #expect(formation.count(for: "clock") == 1)
    }

    @Test func whitespaceAroundItemsIsTolerated() throws {
        let formation = try Formation.parse("  web = 3 ,\tworker=2  ", knownTypes: known)
        #expect(formation == Formation(defaultCount: 1, counts: ["web": 3, "worker": 2]))
    }

    @Test(arguments: ["all=2,web=5", "web=5,all=2", "web=5, all=2 ,worker=0", "worker=0,all=2,web=5"])
    func specificEntriesOverrideAllRegardlessOfOrder(spec: String) throws {
        let formation = try Formation.parse(spec, knownTypes: known)
        #expect(formation.count(for: "web") == 5)
        #expect(formation.count(for: "clock") == 2)
        #expect(formation.count(for: "worker") == (spec.contains("worker=0") ? 0 : 2))
    }

    @Test func allZeroDisablesEverythingNotNamed() throws {
        let formation = try Formation.parse("all=0,clock=1", knownTypes: known)
        #expect(known.map(formation.count(for:)) == [0, 0, 1])
    }

    @Test func allHelperAndDefault() {
        #expect(Formation.all(3).count(for: "anything") == 3)
        #expect(Formation.all(-1).count(for: "web") == 0)
        #expect(Formation().count(for: "web") == 1)
        #expect(Formation.all(1) == Formation())
    }

    @Test func unknownNameListsKnownTypes() {
        let found = diagnostic { () throws(ProcfileError) in
            try Formation.parse("web=1, wbe=2", knownTypes: ["web", "worker"])
        }
        #expect(found == Diagnostic(
            code: .unknownProcessType, file: "--formation", line: 1, column: 8,
            message: "unknown process type 'wbe' in formation; known types: web, worker"))
    }

    @Test func sourceNameIsUsedInDiagnostics() {
        let found = diagnostic { () throws(ProcfileError) in
            try Formation.parse("x=1", knownTypes: [], source: "FORMATION")
        }
        #expect(found?.file == "FORMATION")
        #expect(found?.message == "unknown process type 'x' in formation; known types: (none)")
    }

    @Test(arguments: [
        ("web=-1", 5, "-1"), ("web=two", 5, "two"), ("web=1.5", 5, "1.5"), ("web=", 5, ""),
        ("web= ", 5, ""), ("web=+2", 5, "+2"),
        ("all=x", 5, "x"),
    ])
    func invalidCounts(spec: String, column: Int, text: String) {
        let found = diagnostic { () throws(ProcfileError) in try Formation.parse(spec, knownTypes: known) }
        let name = spec.hasPrefix("all") ? "all" : "web"
        #expect(found == Diagnostic(
            code: .invalidCount, file: "--formation", line: 1, column: column,
            message: "invalid count '\(text)' for '\(name)' in formation; use a whole number 0 or greater"))
    }

    @Test(arguments: [
        ("web=99999999999999999999", 5, "99999999999999999999"),
        ("web=9223372036854775808", 5, "9223372036854775808"),
        ("worker=1, web = 000099999999999999999999999999", 17, "000099999999999999999999... (30 digits)"),
        ("web=" + String(repeating: "9", count: 10_000), 5, String(repeating: "9", count: 24) + "... (10000 digits)"),
    ])
    func countsTooLargeForIntAreDiagnosedNotTrapped(spec: String, column: Int, shown: String) {
        let found = diagnostic { () throws(ProcfileError) in try Formation.parse(spec, knownTypes: known) }
        #expect(found == Diagnostic(
            code: .invalidCount, file: "--formation", line: 1, column: column,
            message: "count \(shown) for 'web' in formation is too large; a formation runs at most 10000 instances"))
    }

    @Test func theLargestIntParsesAndIsLeftToTheInstanceLimits() throws {
        let formation = try Formation.parse("web=9223372036854775807,worker=00002", knownTypes: known)
        #expect(formation.count(for: "web") == Int.max)
        #expect(formation.count(for: "worker") == 2)
    }

    @Test func missingEqualsIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try Formation.parse("web=1, worker", knownTypes: known) }
        #expect(found == Diagnostic(
            code: .invalidFormation, file: "--formation", line: 1, column: 8,
            message: "missing '=' in formation entry 'worker'; write it as 'worker=1'"))
    }

    @Test func missingNameIsAnError() {
        let found = diagnostic { () throws(ProcfileError) in try Formation.parse("=2", knownTypes: known) }
        #expect(found?.code == .invalidFormation)
        #expect(found?.column == 1)
        #expect(found?.message == "missing process type name before '=' in formation; write 'name=count'")
    }

    @Test(arguments: [("web=1,web=2", 7, "web", 1), ("all=1, worker=2, all=3", 18, "all", 1)])
    func duplicateNamesAreErrors(spec: String, column: Int, name: String, first: Int) {
        let found = diagnostic { () throws(ProcfileError) in try Formation.parse(spec, knownTypes: known) }
        #expect(found == Diagnostic(
            code: .duplicateName, file: "--formation", line: 1, column: column,
            message: "duplicate entry for '\(name)' in formation (first at column \(first)); keep only one"))
    }

    @Test(arguments: ["", "   ", "\t"])
    func emptySpecIsAnError(spec: String) {
        let found = diagnostic { () throws(ProcfileError) in try Formation.parse(spec, knownTypes: known) }
        #expect(found == Diagnostic(
            code: .invalidFormation, file: "--formation", line: 1, column: 1,
            message: "empty formation; give counts such as 'web=2,worker=1' or 'all=1'"))
    }

    @Test(arguments: [("web=1,,worker=1", 7), ("web=1,", 7), (",web=1", 1), ("web=1, ,worker=2", 8)])
    func emptyEntriesAreErrors(spec: String, column: Int) {
        let found = diagnostic { () throws(ProcfileError) in try Formation.parse(spec, knownTypes: known) }
        #expect(found == Diagnostic(
            code: .invalidFormation, file: "--formation", line: 1, column: column,
            message: "empty entry in formation; remove the extra ',' or add 'name=count'"))
    }

    @Test func collectsEveryProblemWithColumns() {
        let found = diagnostics { () throws(ProcfileError) in
            try Formation.parse("wbe=1, web=x, worker, web=2, clock=-3", knownTypes: known)
        }
        #expect(found.map(\.code) == [.unknownProcessType, .invalidCount, .invalidFormation, .duplicateName, .invalidCount])
        #expect(found.map(\.column) == [1, 12, 15, 23, 36])
    }
}
