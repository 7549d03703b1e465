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
            restart: restart, stopSignal: stopSignal, timeout: timeout, after: after, environment: environment, origins: origins,
            knownTypes: knownTypes, running: running ?? knownTypes.filter(runs))
    }

    static func parse(
        restart: [String], stopSignal: [String], timeout: [String], after: [String] = [], environment: [String: String],
        origins: [String: VariableOrigin] = [:], knownTypes: [String], running: [String]? = nil
    ) throws(SupervisorError) -> FormationPolicy {
        var policy = FormationPolicy()
        var problems: [String] = []
        /// Where each type's `after` came from, to name it in a problem found on the whole graph.
        var afterOrigin: [String: String] = [:]
        let settings: [(PolicySetting, String, String, [String])] = [
            (.restart, "--restart", "FORMATION_RESTART", restart),
            (.stopSignal, "--stop-signal", "FORMATION_STOP_SIGNAL", stopSignal),
            (.gracePeriod, "--timeout", "FORMATION_TIMEOUT", timeout),
            (.after, "--after", "FORMATION_AFTER", after),
        ]
        for (setting, option, variable, values) in settings {
            let entries = (environment[variable].map { [(variable, $0)] } ?? []) + values.map { (option, $0) }
            for (source, value) in entries {
                // A value from a .env file: its problems begin with where it was set.
                let origin = source == variable ? origins[variable] : nil
                let place = origin.map { "\($0): " } ?? ""
                for item in value.split(separator: ",").map({ String($0).trimmingSpaces }) where !item.isEmpty {
                    var single = FormationPolicy()
                    if let problem = apply(item, setting: setting, source: source, to: &single) {
                        problems.append(place + problem)
                        continue
                    }
                    let found = single.validate(knownTypes: knownTypes).filter { if case .cycle = $0 { false } else { true } }
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
            case .disabledDependency, .cycle: problems.append(wordWhole(problem, origin: afterOrigin, knownTypes: knownTypes))
            default: continue
            }
        }
        guard problems.isEmpty else {
            throw SupervisorError(code: .configuration, message: problems.joined(separator: "\n"), errno: nil)
        }
        return policy
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
        case .cycle:
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
        case .cycle(let types):
            let chain = zip(types, types.dropFirst()).map { "\($0) waits for \($1)" }.joined(separator: ", ")
            let origins = Set(types.compactMap { origin[$0] }).sorted().joined(separator: " and ")
            return "\(origins.isEmpty ? "--after" : origins): a cycle never starts: \(chain); drop one of these dependencies"
        default:
            return "\(problem)"
        }
    }
}
