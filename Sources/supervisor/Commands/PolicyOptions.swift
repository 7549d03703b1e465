import ArgumentParser
import Procfile

/// `--restart`, `--stop-signal` and `-t/--timeout`: each `VALUE` (the default for every type) or
/// `TYPE=VALUE` (that type's own), repeatable and comma-separated; `--after TYPE=DEP:CONDITION`
/// (a type's own only, several joined with +); and `FORMATION_RESTART`, `FORMATION_STOP_SIGNAL`,
/// `FORMATION_TIMEOUT`, `FORMATION_AFTER` (environment or .env) in the same spelling, read first
/// so that the command line wins (a type's `--after` replaces what the variable gave it).
/// `--no-release`: a type named `release` does not run (and nothing waits for it).
struct PolicyOptions: ParsableArguments {
    @Option(help: "never | on-failure | always, for every type (default: never), or TYPE=POLICY for one, e.g. --restart clock=always. Repeatable, comma lists; also $FORMATION_RESTART.")
    var restart: [String] = []

    @Option(help: "The signal that stops a run, for every type (default: TERM), or TYPE=SIGNAL for one, e.g. --stop-signal worker=QUIT (a name with or without SIG, or a number). Repeatable, comma lists; also $FORMATION_STOP_SIGNAL.")
    var stopSignal: [String] = []

    @Option(name: [.customShort("t"), .long], help: "Seconds between the stop signal and SIGKILL, for every type (default: 5), or TYPE=SECONDS for one, e.g. -t worker=30. Repeatable, comma lists; also $FORMATION_TIMEOUT.")
    var timeout: [String] = []

    @Option(help: "What a type waits for before it starts: TYPE=DEP:CONDITION, several joined with +, e.g. --after worker=web:ready+clock:started. CONDITION: started, ready (its --ready mode), succeeded (exited 0) or exited. Repeatable, comma lists; also $FORMATION_AFTER.")
    var after: [String] = []

    @Option(help: "A health check: TYPE=http:PATH (GET on the instance's PORT; 2xx or 3xx is healthy), TYPE=tcp (a connect to PORT) or TYPE=exec:COMMAND (exit 0 is healthy). Its first success makes the instance ready; --check-failures failures in a row restart it. Repeatable; also $FORMATION_CHECK.")
    var check: [String] = []

    @Option(help: "Seconds between checks, for every type (default: 10), or TYPE=SECONDS. Also $FORMATION_CHECK_INTERVAL.")
    var checkInterval: [String] = []

    @Option(help: "Seconds one check may take (default: 1), or TYPE=SECONDS. Also $FORMATION_CHECK_TIMEOUT.")
    var checkTimeout: [String] = []

    @Option(help: "Failures in a row that restart a ready instance (default: 3), or TYPE=COUNT. Also $FORMATION_CHECK_FAILURES.")
    var checkFailures: [String] = []

    @Option(help: "Seconds after a start before the first check (default: 0), or TYPE=SECONDS. Also $FORMATION_CHECK_DELAY.")
    var checkDelay: [String] = []

    @Option(help: "A cap on the resident memory of each instance's process group, for every type or TYPE=SIZE (K, M, G: powers of 1024), e.g. --memory-max worker=512M: over it, the instance is restarted. Also $FORMATION_MEMORY_MAX.")
    var memoryMax: [String] = []

    @Option(help: "When an admin type runs: TYPE=hourly|daily|weekly|monthly or TYPE='M H DOM MON DOW' (cron, UTC), e.g. --schedule backup-job=daily. Repeatable; also $FORMATION_SCHEDULE.")
    var schedule: [String] = []

    @Flag(help: "Do not run the type named release (by default it runs first, and every other type starts once it exited 0).")
    var noRelease = false

    /// Whether instances of `type` run (`--no-release` leaves out `release`).
    func runs(_ type: String) -> Bool { !(noRelease && type == FormationPolicy.releaseType) }

    /// The formation's policy from `environment` and then these options, when the types in
    /// `running` have instances (nil: every known type); every problem at once (exit 78, as `--ready`).
    /// `origins`: where a `.env` file set a variable (its problems then begin with `FILE:LINE:COLUMN:`).
    func policy(
        environment: [String: String], origins: [String: VariableOrigin] = [:], knownTypes: [String], running: [String]? = nil
    ) throws(SupervisorError) -> FormationPolicy {
        try Self.parse(
            restart: restart, stopSignal: stopSignal, timeout: timeout, after: after,
            more: [
                .check: check, .checkInterval: checkInterval, .checkTimeout: checkTimeout, .checkFailures: checkFailures,
                .checkDelay: checkDelay, .memoryMax: memoryMax, .schedule: schedule,
            ],
            environment: environment, origins: origins, knownTypes: knownTypes, running: running ?? knownTypes.filter(runs))
    }

    /// The option and variable of each setting.
    static let names: [PolicySetting: (option: String, variable: String)] = [
        .restart: ("--restart", "FORMATION_RESTART"), .stopSignal: ("--stop-signal", "FORMATION_STOP_SIGNAL"),
        .gracePeriod: ("--timeout", "FORMATION_TIMEOUT"), .after: ("--after", "FORMATION_AFTER"),
        .check: ("--check", "FORMATION_CHECK"), .checkInterval: ("--check-interval", "FORMATION_CHECK_INTERVAL"),
        .checkTimeout: ("--check-timeout", "FORMATION_CHECK_TIMEOUT"), .checkFailures: ("--check-failures", "FORMATION_CHECK_FAILURES"),
        .checkDelay: ("--check-delay", "FORMATION_CHECK_DELAY"), .memoryMax: ("--memory-max", "FORMATION_MEMORY_MAX"),
        .schedule: ("--schedule", "FORMATION_SCHEDULE"),
    ]

    /// `more`: the values of the settings after `after` (checks, memory cap, schedules).
    static func parse(
        restart: [String], stopSignal: [String], timeout: [String], after: [String] = [], more: [PolicySetting: [String]] = [:],
        environment: [String: String], origins: [String: VariableOrigin] = [:], knownTypes: [String], running: [String]? = nil
    ) throws(SupervisorError) -> FormationPolicy {
        var policy = FormationPolicy()
        var problems: [String] = []
        /// Where each type's `after` came from, to name it in a problem found on the whole graph.
        var afterOrigin: [String: String] = [:]
        var values: [PolicySetting: [String]] = [.restart: restart, .stopSignal: stopSignal, .gracePeriod: timeout, .after: after]
        values.merge(more) { $1 }
        for setting in PolicySetting.allCases {
            guard let (option, variable) = names[setting] else { continue }
            let entries = (environment[variable].map { [(variable, $0)] } ?? []) + (values[setting] ?? []).map { (option, $0) }
            for (source, value) in entries {
                // A value from a .env file: its problems begin with where it was set.
                let origin = source == variable ? origins[variable] : nil
                let place = origin.map { "\($0): " } ?? ""
                for item in items(of: value, setting: setting) {
                    var single = FormationPolicy()
                    if let problem = apply(item, setting: setting, source: source, to: &single) {
                        problems.append(place + problem)
                        continue
                    }
                    // Cycles and schedules on running types are found on the whole policy, below.
                    let found = single.validate(knownTypes: knownTypes).filter {
                        switch $0 {
                        case .cycle, .scheduledLongRunning: false
                        default: true
                        }
                    }
                    problems += found.map { place + word($0, item: item, source: source, knownTypes: knownTypes) }
                    // A dependency on an unknown type still joins the graph, so that its cycles are reported too.
                    guard found.allSatisfy({ if case .unknownDependency = $0 { true } else { false } }) else { continue }
                    for (type, _) in single.afterByType {
                        // The command line replaces what the variable said for the type.
                        if source == option, afterOrigin[type]?.hasPrefix(variable) == true { policy.afterByType[type] = nil }
                        afterOrigin[type] = "\(source)\(origin.map { " (\($0))" } ?? "") \(item.debugDescription)"
                    }
                    _ = apply(item, setting: setting, source: source, to: &policy)
                }
            }
        }
        // The graph as a whole: dependencies on types without instances, and cycles.
        for problem in policy.validate(knownTypes: knownTypes, running: running) {
            switch problem {
            case .disabledDependency, .cycle, .scheduledLongRunning: problems.append(wordWhole(problem, origin: afterOrigin, knownTypes: knownTypes))
            default: continue
            }
        }
        guard problems.isEmpty else {
            throw SupervisorError(code: .configuration, message: problems.joined(separator: "\n"), errno: nil)
        }
        return policy
    }

    /// The items of one value: comma-separated. A check's command and a schedule's cron fields
    /// may hold commas, so for those a comma separates items only where a new `TYPE=` follows
    /// (for a check, `TYPE=` and a probe kind: `web=http:/,worker=exec:test -f a,b` is two).
    static func items(of value: String, setting: PolicySetting) -> [String] {
        let pieces = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard setting == .check || setting == .schedule else { return pieces.map(\.trimmingSpaces).filter { !$0.isEmpty } }
        var items: [String] = []
        for piece in pieces {
            if items.isEmpty || startsEntry(piece, setting: setting) {
                items.append(piece)
            } else {
                items[items.count - 1] += "," + piece
            }
        }
        return items.map(\.trimmingSpaces).filter { !$0.isEmpty }
    }

    /// Whether `piece` begins `TYPE=` (and for a check, a probe kind after it).
    private static func startsEntry(_ piece: String, setting: PolicySetting) -> Bool {
        let text = piece.trimmingSpaces
        guard let equals = text.firstIndex(of: "="), equals > text.startIndex else { return false }
        guard text[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else { return false }
        guard setting == .check else { return true }
        let probe = String(text[text.index(after: equals)...]).trimmingSpaces
        return probe == "tcp" || probe.hasPrefix("http:") || probe.hasPrefix("exec:")
    }

    /// Sets one `VALUE` or `TYPE=VALUE`; a line for the user when it does not parse.
    private static func apply(_ item: String, setting: PolicySetting, source: String, to policy: inout FormationPolicy) -> String? {
        let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        let type = parts.count == 2 ? parts[0] : nil
        let text = parts[parts.count - 1]
        let example = source.hasPrefix("-") ? "\(source) " : "\(source)="
        if type?.isEmpty == true { return "\(source) \(item.debugDescription) has no type before =; write TYPE=VALUE or VALUE alone" }
        switch setting {
        case .restart:
            guard let restart = RestartPolicy(rawValue: text) else {
                return "\(source) \(item.debugDescription): \(text.debugDescription) is not a restart policy; use never, on-failure or always, e.g. \(example)clock=always"
            }
            if let type { policy.restartByType[type] = restart } else { policy.defaults.restart = restart }
        case .stopSignal:
            guard let signal = SignalName.number(of: text) else {
                return "\(source) \(item.debugDescription): \(text.debugDescription) is not a signal; use a name (QUIT or SIGQUIT) or a number from 1 to 64, e.g. \(example)worker=QUIT"
            }
            if let type { policy.stopSignalByType[type] = signal } else { policy.defaults.stopSignal = signal }
        case .gracePeriod:
            guard let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                return "\(source) \(item.debugDescription): the grace period must be a number of seconds from 0 to 86400, e.g. \(example)worker=30"
            }
            let grace = Duration.seconds(seconds).milliseconds
            if let type { policy.gracePeriodByType[type] = grace } else { policy.defaults.gracePeriod = grace }
        case .after:
            guard let type else {
                return "\(source) \(item.debugDescription) names no type; write TYPE=DEP:CONDITION, e.g. \(example)worker=web:ready"
            }
            var dependencies: [Dependency] = []
            for word in text.split(separator: "+", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces }) {
                guard let dependency = Dependency(word) else {
                    return "\(source) \(item.debugDescription): \(word.debugDescription) is not DEP:CONDITION; CONDITION is started, ready, succeeded or exited, e.g. \(example)worker=web:ready+clock:started"
                }
                dependencies.append(dependency)
            }
            let known = policy.afterByType[type] ?? []
            policy.afterByType[type] = known + dependencies.filter { !known.contains($0) }
        case .check:
            guard let type else {
                return "\(source) \(item.debugDescription) names no type; write TYPE=http:PATH, TYPE=tcp or TYPE=exec:COMMAND, e.g. \(example)web=http:/"
            }
            guard let probe = HealthCheck.Probe(text) else {
                return "\(source) \(item.debugDescription): \(text.debugDescription) is not a check; use http:PATH (PATH begins with /, no spaces), tcp or exec:COMMAND (one line), e.g. \(example)web=http:/health"
            }
            policy.checkByType[type] = probe
        case .checkInterval, .checkTimeout, .checkDelay:
            let range = setting == .checkDelay ? HealthCheck.Timing.delayRange : HealthCheck.Timing.intervalRange
            guard let seconds = Double(text), seconds.isFinite, Double(range.lowerBound) / 1000 <= seconds, seconds <= Double(range.upperBound) / 1000 else {
                return "\(source) \(item.debugDescription): must be a number of seconds from \(SecondsText.of(range.lowerBound)) to \(SecondsText.of(range.upperBound)), e.g. \(example)web=5"
            }
            let span = Duration.seconds(seconds).milliseconds
            switch (setting, type) {
            case (.checkInterval, let type?): policy.checkIntervalByType[type] = span
            case (.checkInterval, nil): policy.checkTiming.interval = span
            case (.checkTimeout, let type?): policy.checkTimeoutByType[type] = span
            case (.checkTimeout, nil): policy.checkTiming.timeout = span
            case (_, let type?): policy.checkDelayByType[type] = span
            case (_, nil): policy.checkTiming.initialDelay = span
            }
        case .checkFailures:
            let range = HealthCheck.Timing.failureRange
            guard let count = Int(text), range.contains(count) else {
                return "\(source) \(item.debugDescription): must be a whole number of failures from \(range.lowerBound) to \(range.upperBound), e.g. \(example)web=3"
            }
            if let type { policy.checkFailuresByType[type] = count } else { policy.checkTiming.failureThreshold = count }
        case .memoryMax:
            guard let bytes = MemorySize.bytes(text), (MemorySize.minimum...MemorySize.maximum).contains(bytes) else {
                return "\(source) \(item.debugDescription): \(text.debugDescription) is not a size from 1M to 1024G; write bytes or a number with K, M or G, e.g. \(example)worker=512M"
            }
            if let type { policy.memoryMaxByType[type] = bytes } else { policy.defaults.memoryMax = bytes }
        case .schedule:
            switch Schedule.parse(item) {
            case .success(let schedule):
                policy.scheduleByType[schedule.type] = schedule
            case .failure(let error):
                // Schedule's lines begin with --schedule: name where the value came from.
                return error.problems.map { $0.hasPrefix("--schedule") ? source + $0.dropFirst("--schedule".count) : $0 }.joined(separator: "; ")
            }
        }
        return nil
    }

    private static func word(_ problem: PolicyProblem, item: String, source: String, knownTypes: [String]) -> String {
        switch problem {
        case .unknownType(let type, _):
            return "\(source) \(item.debugDescription) names the type \(type.debugDescription), which the Procfile does not have; the Procfile's types are \(knownTypes.joined(separator: ", "))"
        case .badStopSignal(let signal, _):
            return "\(source) \(item.debugDescription): \(SignalName.of(signal)) cannot stop a run gracefully (it cannot be caught); use a catchable signal such as TERM, INT or QUIT"
        case .badGracePeriod:
            return "\(source) \(item.debugDescription): the grace period must be a number of seconds from 0 to 86400"
        case .unknownDependency(_, let type), .disabledDependency(_, let type):
            return wordWhole(problem, origin: [type: "\(source) \(item.debugDescription)"], knownTypes: knownTypes)
        case .cycle, .scheduledLongRunning:
            return wordWhole(problem, origin: [:], knownTypes: knownTypes)
        }
    }

    /// A dependency problem, naming the option or variable each type's `after` came from.
    private static func wordWhole(_ problem: PolicyProblem, origin: [String: String], knownTypes: [String]) -> String {
        func from(_ type: String) -> String { origin[type] ?? "--after" }
        switch problem {
        case .unknownDependency(let dependency, let type):
            return "\(from(type)): \(type) waits for \(dependency), but the Procfile has no type \(dependency.type.debugDescription); the Procfile's types are \(knownTypes.joined(separator: ", "))"
        case .disabledDependency(let dependency, let type):
            return "\(from(type)): \(type) waits for \(dependency), but \(dependency.type) has no instance in this run (\(dependency.type)=0 in the formation, --no-release, or not among the types asked for); run \(dependency.type) or drop the dependency"
        case .scheduledLongRunning(let type):
            return "--schedule for \(type): \(type) runs instances in the formation, and a schedule is for an admin type; make it one with -m \(type)=0 (or FORMATION in .env)"
        case .cycle(let types):
            let chain = zip(types, types.dropFirst()).map { "\($0) waits for \($1)" }.joined(separator: ", ")
            let origins = Set(types.compactMap { origin[$0] }).sorted().joined(separator: " and ")
            return "\(origins.isEmpty ? "--after" : origins): a cycle never starts: \(chain); drop one of these dependencies"
        default:
            return "\(problem)"
        }
    }
}
