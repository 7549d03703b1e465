import Glibc
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
}
