import Glibc
import Procfile
import Testing

@testable import supervisor

/// The spellings of `--check` and its timing, `--memory-max` and `--schedule`, and their
/// variables, parsed without running anything.
@Suite("Policy options: checks, memory caps, schedules")
struct PolicyOptionsChecksTests {
    static let types = ["web", "worker", "backup-job"]

    static func parse(_ more: [PolicySetting: [String]], environment: [String: String] = [:], running: [String]? = ["web", "worker"]) throws(SupervisorError) -> FormationPolicy {
        try PolicyOptions.parse(restart: [], stopSignal: [], timeout: [], more: more, environment: environment, knownTypes: types, running: running)
    }

    /// The one-line problems of a refused parse.
    static func problems(_ more: [PolicySetting: [String]], environment: [String: String] = [:]) -> [String] {
        do {
            _ = try parse(more, environment: environment)
            return []
        } catch {
            return error.message.split(separator: "\n").map(String.init)
        }
    }

    @Test("a check's command and a schedule's cron fields keep their commas; a comma starts a new item only before TYPE=")
    func items() {
        #expect(PolicyOptions.items(of: "web=http:/,worker=exec:test -f a,b", setting: .check) == ["web=http:/", "worker=exec:test -f a,b"])
        #expect(PolicyOptions.items(of: "worker=exec:env A=1,B=2 true", setting: .check) == ["worker=exec:env A=1,B=2 true"])
        #expect(PolicyOptions.items(of: "backup-job=0,30 * * * *,worker=daily", setting: .schedule) == ["backup-job=0,30 * * * *", "worker=daily"])
        #expect(PolicyOptions.items(of: "web=2, worker=30", setting: .checkInterval) == ["web=2", "worker=30"])
    }

    @Test("each type's check with the default timing and its own settings, one by one")
    func checks() throws {
        let policy = try Self.parse([
            .check: ["web=http:/health", "worker=exec:test -f /tmp/ok"], .checkInterval: ["5", "web=2"], .checkFailures: ["web=1"],
            .checkTimeout: ["2.5"], .checkDelay: ["worker=30"],
        ])
        #expect(policy.policy(for: "web").check == HealthCheck(
            probe: .http(path: "/health"), timing: .init(interval: 2000, timeout: 2500, failureThreshold: 1, initialDelay: 0)))
        #expect(policy.policy(for: "worker").check == HealthCheck(
            probe: .exec(command: "test -f /tmp/ok"), timing: .init(interval: 5000, timeout: 2500, failureThreshold: 3, initialDelay: 30_000)))
        #expect(policy.policy(for: "backup-job").check == nil)
        #expect(try Self.parse([.check: ["web=tcp"]]).policy(for: "web").check?.timing == HealthCheck.Timing())
    }

    @Test("the variables come first, the command line wins: checks, caps and schedules")
    func environmentThenCommandLine() throws {
        let environment = [
            "FORMATION_CHECK": "web=tcp,worker=exec:true", "FORMATION_MEMORY_MAX": "1G,worker=256M",
            "FORMATION_SCHEDULE": "backup-job=daily", "FORMATION_CHECK_INTERVAL": "web=20",
        ]
        let policy = try Self.parse(
            [.check: ["web=http:/"], .memoryMax: ["worker=512M"], .schedule: ["backup-job=30 3 * * *"], .checkInterval: ["web=3"]],
            environment: environment)
        #expect(policy.policy(for: "web").check?.probe == .http(path: "/"))
        #expect(policy.policy(for: "web").check?.timing.interval == 3000)
        #expect(policy.policy(for: "worker").check?.probe == .exec(command: "true"))
        #expect(policy.policy(for: "web").memoryMax == 1 << 30)
        #expect(policy.policy(for: "worker").memoryMax == 512 << 20)
        #expect(policy.policy(for: "backup-job").schedule?.cron == "30 3 * * *")
    }

    @Test("every problem at once, one line each naming where it came from", arguments: [
        ([PolicySetting.check: ["http:/"]], #"--check "http:/" names no type; write TYPE=http:PATH, TYPE=tcp or TYPE=exec:COMMAND, e.g. --check web=http:/"#),
        ([.check: ["web=ftp:/x"]], #"--check "web=ftp:/x": "ftp:/x" is not a check; use http:PATH (PATH begins with /, no spaces), tcp or exec:COMMAND (one line), e.g. --check web=http:/health"#),
        ([.check: ["web=http:health"]], #"--check "web=http:health": "http:health" is not a check"#),
        ([.check: ["web=exec:  "]], #"--check "web=exec:": "exec:" is not a check"#),
        ([.check: ["api=tcp"]], #"--check "api=tcp" names the type "api", which the Procfile does not have"#),
        ([.checkInterval: ["0.5"]], #"--check-interval "0.5": must be a number of seconds from 1 to 86400, e.g. --check-interval web=5"#),
        ([.checkDelay: ["web=-1"]], #"--check-delay "web=-1": must be a number of seconds from 0 to 86400"#),
        ([.checkFailures: ["web=2.5"]], #"--check-failures "web=2.5": must be a whole number of failures from 1 to 1000, e.g. --check-failures web=3"#),
        ([.memoryMax: ["worker=512"]], #"--memory-max "worker=512": "512" is not a size from 1M to 1024G"#),
        ([.memoryMax: ["worker=2T"]], #"--memory-max "worker=2T": "2T" is not a size from 1M to 1024G"#),
        ([.schedule: ["backup-job=sometimes"]], #"--schedule for 'backup-job': 'sometimes' is not a schedule"#),
        ([.schedule: ["web=daily"]], #"--schedule for web: web runs instances in the formation, and a schedule is for an admin type; make it one with -m web=0"#),
    ])
    func problems(given: [PolicySetting: [String]], line: String) {
        let lines = Self.problems(given)
        #expect(lines.count == 1 && lines.allSatisfy { $0.hasPrefix(line) }, "\(lines)")
    }

    @Test("a problem in a variable names the variable")
    func variableProblems() {
        let lines = Self.problems([:], environment: ["FORMATION_SCHEDULE": "backup-job=5 * * *", "FORMATION_MEMORY_MAX": "lots"])
        #expect(lines.contains { $0.hasPrefix("FORMATION_SCHEDULE for 'backup-job': '5 * * *' is not a schedule") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix(#"FORMATION_MEMORY_MAX "lots": "lots" is not a size"#) }, "\(lines)")
    }

    @Test("exec commands are one line: a newline would break every engine's file", arguments: ["exec:true\nrm -rf /", "exec:a\rb", "http:/a b"])
    func oneLine(text: String) {
        #expect(HealthCheck.Probe(text) == nil)
    }

    @Test("memory sizes: bytes, K, M, G and their Ki/Mi/Gi spellings, decimals; the shortest exact text back")
    func memorySizes() {
        #expect(MemorySize.bytes("1048576") == 1 << 20)
        #expect(MemorySize.bytes("512M") == 512 << 20)
        #expect(MemorySize.bytes("512mi") == 512 << 20)
        #expect(MemorySize.bytes("1.5G") == 3 << 29)
        #expect(MemorySize.bytes("64Ki") == 64 << 10)
        for bad in ["", "M", "-1M", "1e3M", "0x10", "1.5.2G", "inf", "12 M B"] { #expect(MemorySize.bytes(bad) == nil, "\(bad)") }
        #expect(MemorySize.text(512 << 20) == "512M")
        #expect(MemorySize.text(3 << 29) == "1.5G")
        #expect(MemorySize.text(1000) == "1000")
    }
}
