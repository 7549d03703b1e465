import Glibc
import Procfile
import Testing

@testable import supervisor

/// The spellings of `--restart`, `--stop-signal`, `-t/--timeout` and their variables, parsed
/// without running anything.
@Suite("Policy options")
struct PolicyOptionsTests {
    static let types = ["web", "worker", "clock", "release"]

    static func parse(restart: [String] = [], stopSignal: [String] = [], timeout: [String] = [], environment: [String: String] = [:]) throws(SupervisorError) -> FormationPolicy {
        try PolicyOptions.parse(restart: restart, stopSignal: stopSignal, timeout: timeout, environment: environment, knownTypes: types)
    }

    @Test("plain values are the defaults, TYPE=VALUE a type's own; repeatable and comma lists; names with or without SIG, or numbers")
    func spellings() throws {
        let policy = try Self.parse(
            restart: ["never", "clock=always,release=never"], stopSignal: ["INT", "worker=SIGQUIT", " web = 15 "],
            timeout: ["2.5", "worker=30"])
        #expect(policy == FormationPolicy(
            defaults: TypePolicy(restart: .never, stopSignal: SIGINT, gracePeriod: 2500),
            restartByType: ["clock": .always, "release": .never],
            stopSignalByType: ["worker": SIGQUIT, "web": SIGTERM],
            gracePeriodByType: ["worker": 30_000]))
    }

    @Test("a problem in a variable a .env file set begins with the file, line and column of its value; the whole graph's too")
    func placesFromDotEnv() {
        let environment = ["FORMATION_STOP_SIGNAL": "worker=NOPE", "FORMATION_AFTER": "web=worker:started,worker=web:ready"]
        let origins = [
            "FORMATION_STOP_SIGNAL": VariableOrigin(file: "/app/.env", line: 3, column: 23),
            "FORMATION_AFTER": VariableOrigin(file: "/app/.env", line: 4, column: 17),
        ]
        do {
            _ = try PolicyOptions.parse(
                restart: [], stopSignal: [], timeout: [], environment: environment, origins: origins, knownTypes: Self.types)
            Issue.record("a bad signal and a cycle must be refused")
        } catch {
            let lines = error.message.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("/app/.env:3:23: FORMATION_STOP_SIGNAL \"worker=NOPE\"") }, "\(lines)")
            #expect(lines.contains { $0.contains("cycle") && $0.contains("FORMATION_AFTER (/app/.env:4:17)") }, "\(lines)")
        }
    }

    @Test("the variables come first, the command line wins")
    func environmentThenCommandLine() throws {
        let environment = ["FORMATION_RESTART": "on-failure,clock=always", "FORMATION_STOP_SIGNAL": "worker=QUIT", "FORMATION_TIMEOUT": "10,worker=60"]
        let policy = try Self.parse(restart: ["always"], timeout: ["worker=30"], environment: environment)
        #expect(policy.policy(for: "web") == TypePolicy(restart: .always, stopSignal: SIGTERM, gracePeriod: 10_000))
        #expect(policy.policy(for: "worker") == TypePolicy(restart: .always, stopSignal: SIGQUIT, gracePeriod: 30_000))
        #expect(policy.policy(for: "clock").restart == .always)
        #expect(try Self.parse() == FormationPolicy())
    }

    @Test("every problem at once, one line each naming where it came from", arguments: [
        (["--stop-signal": ["STOP"]], #"--stop-signal "STOP": SIGSTOP cannot stop a run gracefully (it cannot be caught); use a catchable signal such as TERM, INT or QUIT"#),
        (["--stop-signal": ["=QUIT"]], #"--stop-signal "=QUIT" has no type before =; write TYPE=VALUE or VALUE alone"#),
        (["--restart": ["api=always"]], #"--restart "api=always" names the type "api", which the Procfile does not have; the Procfile's types are web, worker, clock, release"#),
        (["--timeout": ["worker=soon"]], #"--timeout "worker=soon": the grace period must be a number of seconds from 0 to 86400, e.g. --timeout worker=30"#),
        (["--timeout": ["nan"]], #"--timeout "nan": the grace period must be a number of seconds from 0 to 86400, e.g. --timeout worker=30"#),
    ])
    func problems(given: [String: [String]], line: String) {
        do {
            _ = try Self.parse(restart: given["--restart"] ?? [], stopSignal: given["--stop-signal"] ?? [], timeout: given["--timeout"] ?? [])
            Issue.record("no problem found")
        } catch {
            #expect(error.description == line)
            #expect(error.code == .configuration)
        }
    }

    @Test("start and check parse the options; -t keeps its plain spelling")
    func commandLine() throws {
        let start = try SupervisorCommand.parseAsRoot(["start", "-t", "3", "--restart", "on-failure", "--stop-signal", "worker=QUIT", "-t", "worker=30"])
        let options = try #require(start as? SupervisorCommand.Start).policy
        #expect(options.timeout == ["3", "worker=30"])
        #expect(options.restart == ["on-failure"])
        #expect(options.stopSignal == ["worker=QUIT"])
        _ = try SupervisorCommand.parseAsRoot(["check", "--restart", "clock=always"])
    }

    @Test("--after: TYPE=DEP:CONDITION joined with +, repeatable, comma lists; a type's --after replaces FORMATION_AFTER's")
    func after() throws {
        let policy = try PolicyOptions.parse(
            restart: [], stopSignal: [], timeout: [], after: ["worker=web:ready+clock:started", "clock=release:exited,worker=web:ready"],
            environment: ["FORMATION_AFTER": "worker=release:succeeded,web=release:exited"], knownTypes: Self.types)
        #expect(policy.afterByType == [
            "worker": [Dependency(type: "web", condition: .ready), Dependency(type: "clock", condition: .started)],
            "clock": [Dependency(type: "release", condition: .exited)],
            "web": [Dependency(type: "release", condition: .exited)],
        ])
        let start = try SupervisorCommand.parseAsRoot(["start", "--after", "worker=web:ready", "--no-release"])
        let options = try #require(start as? SupervisorCommand.Start).policy
        #expect(options.after == ["worker=web:ready"])
        #expect(!options.runs("release") && options.runs("web"))
    }

    @Test("--after problems, every one at once: spelling, unknown types, types without instances, cycles", arguments: [
        (["worker=web"], ["web"], #"--after "worker=web": "web" is not DEP:CONDITION; CONDITION is started, ready, succeeded or exited, e.g. --after worker=web:ready+clock:started"#),
        (["web:ready"], ["web"], #"--after "web:ready" names no type; write TYPE=DEP:CONDITION, e.g. --after worker=web:ready"#),
        (["worker=db:ready", "api=web:ready"], Self.types, """
            --after "worker=db:ready": worker waits for db:ready, but the Procfile has no type "db"; the Procfile's types are web, worker, clock, release
            --after "api=web:ready" names the type "api", which the Procfile does not have; the Procfile's types are web, worker, clock, release
            """),
        (["worker=web:ready+db:ready", "web=worker:started"], Self.types, """
            --after "worker=web:ready+db:ready": worker waits for db:ready, but the Procfile has no type "db"; the Procfile's types are web, worker, clock, release
            --after "web=worker:started" and --after "worker=web:ready+db:ready": a cycle never starts: web waits for worker, worker waits for web; drop one of these dependencies
            """),
        (["worker=web:ready", "web=worker:started"], Self.types, #"--after "web=worker:started" and --after "worker=web:ready": a cycle never starts: web waits for worker, worker waits for web; drop one of these dependencies"#),
        (["worker=clock:started"], ["web", "worker"], #"--after "worker=clock:started": worker waits for clock:started, but clock has no instance in this run (clock=0 in the formation, --no-release, or not among the types asked for); run clock or drop the dependency"#),
    ])
    func afterProblems(after: [String], running: [String], lines: String) {
        do {
            _ = try PolicyOptions.parse(restart: [], stopSignal: [], timeout: [], after: after, environment: [:], knownTypes: Self.types, running: running)
            Issue.record("no problem found")
        } catch {
            #expect(error.description == lines)
            #expect(error.code == .configuration)
        }
    }
}
