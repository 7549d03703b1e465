import Procfile
import Testing

@testable import supervisor

/// `--watch TYPE=PATH[,PATH...]` and `FORMATION_WATCH`: the paths each type watches, and every
/// problem as one line naming where it came from.
@Suite("WatchOptions")
struct WatchOptionsTests {
    static let types = ["web", "worker", "backup-job"]
    static let running = ["web", "worker"]

    static func parse(_ values: [String], variable: String? = nil, origin: VariableOrigin? = nil) throws(SupervisorError) -> [String: [String]] {
        try WatchOptions.parse(values, variable: variable, origin: origin, root: "/app", knownTypes: types, running: running)
    }

    @Test("paths, relative to the root or absolute, normalized, each once", arguments: [
        (["web=.build/debug/web"], ["web": ["/app/.build/debug/web"]]),
        (["web=.build/debug/web,Public,worker=src"], ["web": ["/app/.build/debug/web", "/app/Public"], "worker": ["/app/src"]]),
        (["web=/srv/bin/web/", "web=../shared//lib/./x"], ["web": ["/srv/bin/web", "/shared/lib/x"]]),
        (["web=a, ./a ,a/"], ["web": ["/app/a"]]),
        (["web=./a=b"], ["web": ["/app/a=b"]]),
        ([], [:]),
    ] as [([String], [String: [String]])])
    func paths(values: [String], expected: [String: [String]]) throws {
        #expect(try Self.parse(values) == expected)
    }

    @Test("FORMATION_WATCH comes first and the options add to it")
    func variableThenOptions() throws {
        #expect(try Self.parse(["web=b"], variable: "web=a,worker=src") == ["web": ["/app/a", "/app/b"], "worker": ["/app/src"]])
    }

    @Test("each problem is one line naming the option or the variable and its place", arguments: [
        (["web="], [#"--watch "web=": the path is empty; give a file or directory, e.g. web=.build/debug/web"#]),
        (["web=a,,b"], [#"--watch "web=a,,b": the path is empty; give a file or directory, e.g. web=.build/debug/web"#]),
        (["nope=a,b"], [#"--watch "nope=a,b" names the type "nope", which the Procfile does not have; the Procfile's types are web, worker, backup-job"#]),
        (["backup-job=scripts"], [#"--watch "backup-job=scripts": backup-job has no instances in this run (an admin type, or a count of 0), so there is nothing to restart; watch a type that runs"#]),
        (["src"], [#"--watch "src" is not TYPE=PATH[,PATH...]; name the type first, e.g. --watch web=.build/debug/web"#]),
        (["web=../.."], [#"--watch "web=../..": that is the whole file system; name a file or directory of the project"#]),
        (["web=\(String(repeating: "x", count: 300))"], [#"--watch "web=\#(String(repeating: "x", count: 300))": the name "xxxxxxxxxxxxxxxxxxxx"... is 300 bytes long, over the system's 255"#]),
        (["nope=a", "web="], [
            #"--watch "nope=a" names the type "nope", which the Procfile does not have; the Procfile's types are web, worker, backup-job"#,
            #"--watch "web=": the path is empty; give a file or directory, e.g. web=.build/debug/web"#,
        ]),
    ] as [([String], [String])])
    func problems(values: [String], expected: [String]) {
        #expect(throws: SupervisorError.self) { try Self.parse(values) }
        do {
            _ = try Self.parse(values)
        } catch {
            #expect(error.code == .configuration)
            #expect(error.message.split(separator: "\n").map(String.init) == expected)
        }
    }

    @Test("a value a .env file set is named with its place")
    func origin() {
        do {
            _ = try Self.parse([], variable: "web=a,worker=", origin: VariableOrigin(file: "/app/.env", line: 3, column: 17))
            Issue.record("expected a problem")
        } catch {
            #expect(error.message == #"/app/.env:3:17: FORMATION_WATCH "web=a,worker=": the path is empty; give a file or directory, e.g. web=.build/debug/web"#)
        }
    }

    @Test("the ignored names inside a watched directory", arguments: [
        (".main.swift.swp", true), ("main.swift.swx", true), ("x.swo", true), ("main.swift~", true), (".#main.swift", true),
        ("4913", true), (".git", true), (".dat.nosync5749.ozFEt8", true), ("main.swift", false), ("swp", false), (".gitignore", false), ("49130", false),
    ])
    func ignored(name: String, expected: Bool) {
        #expect(WatchedPaths.isIgnored(name) == expected)
    }
}
